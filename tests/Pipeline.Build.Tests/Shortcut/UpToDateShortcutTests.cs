using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.Output;
using Pipeline.Build.Shortcut;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Shortcut;

[CancelAfter(60_000)]
public sealed class UpToDateShortcutTests : SandboxTests
{
    // the recorder leaves out anything modified within the settle time of a run (a change inside a stamp's resolution)
    private static readonly TimeSpan PastStampResolution = Pipeline.Build.IO.FileStamp.SettleTime + TimeSpan.FromMilliseconds(200);

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "a,b\n1,2\n");
        emptySandbox.Write("params.yaml", "seed: 1\n");
        emptySandbox.Write("src/lib/a.cs", "class A;\n");
    }

    [Test]
    public async Task Should_AnswerFromTheRecord_WhenNothingTheLastUpToDateRunReadChanged()
    {
        await RecordAsync("Fit");

        var (exitCode, output) = Answer("Fit");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("= Fit up to date (inputs and outputs match pipeline.lock)"));
        Assert.That(output, Does.Match(@"Fit\s+up to date"));
        Assert.That(output, Does.Contain("nothing the last run read has changed"));
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_GivenARecordCutShort()
    {
        await RecordAsync("Fit");
        var record = Directory.GetFiles(Sandbox.PathOf(UpToDateRecord.Folder)).Single();
        var lines = File.ReadAllLines(record);
        Assert.That(lines.Count(line => line.StartsWith("file\t", StringComparison.Ordinal)), Is.GreaterThan(1), "the record stamps several files");

        // the record is written without a flush: after a power loss it may end anywhere, even between two lines
        File.WriteAllLines(record, lines[..^2]);

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_NotRecord_WhenATargetRan()
    {
        await Sandbox.RunAsync(new ShortcutBuild(), "Fit");
        await Task.Delay(PastStampResolution, TestContext.CurrentContext.CancellationToken);

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenAnInputIsRewrittenWithTheSameSizeInTheSameSecond()
    {
        await RecordAsync("Fit");
        var path = Sandbox.PathOf("params.yaml");
        var modified = File.GetLastWriteTimeUtc(path);

        Sandbox.Write("params.yaml", "seed: 2\n");
        File.SetLastWriteTimeUtc(path, modified);

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenOneOfTenThousandInputFilesIsRewritten()
    {
        // more files than the record stamps on one thread: the stamps are compared on every core
        for (var i = 0; i < 10_000; i++)
            Sandbox.Write($"data/part-{i / 1000}/row-{i:00000}.csv", $"{i}\n");
        await RecordAsync("Fit");
        Assert.That(Answer("Fit").ExitCode, Is.EqualTo(0), "answered while nothing changed");

        Sandbox.Write("data/part-9/row-09876.csv", "9877\n"); // the same size, a later time

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [TestCase("Fit", "data/more.csv", TestName = "Should_LeaveTheAnswerToTheFullRun_WhenAFileIsAddedUnderAnInputDirectory")]
    [TestCase("Compile", "src/lib/b.cs", TestName = "Should_LeaveTheAnswerToTheFullRun_WhenAFileTheGlobMatchesIsAdded")]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenAnInputFileIsAdded(string target, string added)
    {
        await RecordAsync(target);

        Sandbox.Write(added, "a,b\n");

        Assert.That(Answer(target).ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_StillAnswer_WhenAFileTheGlobDoesNotMatchIsWrittenInAFolderItWalks()
    {
        await RecordAsync("Compile");

        Sandbox.Write("src/lib/notes.txt", "not an input\n");
        Sandbox.Write("out/unrelated.txt", "written by another target\n");

        Assert.That(Answer("Compile").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Should_RecordTheFolderStampAgain_WhenItsListingWasComparedAndFoundTheSame()
    {
        await RecordAsync("Compile");
        Sandbox.Write("src/lib/notes.txt", "not an input\n");
        await Task.Delay(PastStampResolution, TestContext.CurrentContext.CancellationToken);
        var folder = Sandbox.PathOf("src/lib");
        var newStamp = Pipeline.Build.IO.FileStamp.Of(folder);

        Assert.That(Answer("Compile").ExitCode, Is.EqualTo(0));
        var record = File.ReadAllText(Directory.GetFiles(Sandbox.PathOf(UpToDateRecord.Folder)).Single());

        Assert.That(record, Does.Contain($"\t{newStamp.ModifiedTicks}\t{newStamp.ChangedTicks}\t{newStamp.Inode}\t").And.Contain(folder));
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenAFolderIsAddedWhereTheGlobWalks()
    {
        await RecordAsync("Compile");

        Directory.CreateDirectory(Sandbox.PathOf("src/lib/deeper"));

        Assert.That(Answer("Compile").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenAnOutputIsDeleted()
    {
        await RecordAsync("Fit");

        File.Delete(Sandbox.PathOf("out/model.bin"));

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_GivenOtherArgumentsOrEnvironment()
    {
        await RecordAsync("Fit");

        Assert.Multiple(() =>
        {
            Assert.That(Answer("Fit", "--epochs", "11").ExitCode, Is.Null);
            Assert.That(Answer(new Dictionary<string, string?> { ["EPOCHS"] = "11" }, "Fit").ExitCode, Is.Null);
            Assert.That(Answer(new Dictionary<string, string?> { [UpToDateShortcut.DisableVariable] = "1" }, "Fit").ExitCode, Is.Null);
        });
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhileAnotherBuildHoldsTheLock()
    {
        await RecordAsync("Fit");

        using var other = await RunLock.AcquireAsync(Sandbox.Root, TimeSpan.FromSeconds(5), new BuildConsole(Spectre.Console.AnsiConsole.Create(new() { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }), new SecretMasker()), TestContext.CurrentContext.CancellationToken);

        Assert.That(Answer("Fit").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_NotRecord_GivenATargetWithACondition()
    {
        await RecordAsync("Guarded");

        Assert.That(Answer("Guarded").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_NotRecordTheSecretItWasGiven()
    {
        Sandbox.Environment["TOKEN"] = "s3cr3t-value";
        await RecordAsync("Fit", "--token", "s3cr3t-value");

        var records = Directory.GetFiles(Sandbox.PathOf(UpToDateRecord.Folder));

        Assert.That(records, Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(records[0]), Does.Not.Contain("s3cr3t-value"));
        Assert.That(Answer(Sandbox.Environment, "Fit", "--token", "s3cr3t-value").Output, Does.Not.Contain("s3cr3t-value"));
    }

    [Test]
    public async Task Should_AnswerATargetThatRanAndProvedItChangedNothing_WhileItsLocalAddressAnswers()
    {
        using var service = new AnsweringService();
        Sandbox.Environment["SERVICE_URL"] = service.Url;
        await RecordAsync("Publish");

        var answered = Answer("Publish");
        service.Status = 503;
        var serviceDown = Answer("Publish");

        Assert.That(answered.ExitCode, Is.EqualTo(0), answered.Output);
        Assert.That(answered.Output, Does.Contain($"= Publish unchanged (already published; {service.Url}health answered)").And.Contain("= Fit up to date"));
        Assert.That(answered.Output, Does.Contain("1 local address answered"));
        Assert.That(service.Requests, Is.GreaterThanOrEqualTo(1));
        Assert.That(serviceDown.ExitCode, Is.Null, "an address that stops answering leaves the answer to the full run");
    }

    [Test]
    public async Task Should_LeaveTheAnswerToTheFullRun_WhenAFileTheUnchangedTargetReadChanged()
    {
        using var service = new AnsweringService();
        Sandbox.Environment["SERVICE_URL"] = service.Url;
        await RecordAsync("Publish");

        Sandbox.Write("published.txt", "another version\n");

        Assert.That(Answer("Publish").ExitCode, Is.Null);
    }

    [Test]
    public async Task Should_NotRecord_GivenAnUnchangedProofWhoseAddressIsNotOnThisMachine()
    {
        Sandbox.Environment["SERVICE_URL"] = "http://registry.example.com/";
        await RecordAsync("Publish");

        Assert.That(Answer("Publish").ExitCode, Is.Null);
        Assert.That(Directory.Exists(Sandbox.PathOf(UpToDateRecord.Folder)) ? Directory.GetFiles(Sandbox.PathOf(UpToDateRecord.Folder)) : [], Is.Empty);
    }

    /// <summary>Runs the target until it is up to date, past the stamps' resolution, so the last run leaves a record.</summary>
    private async Task RecordAsync(params string[] args)
    {
        var first = await Sandbox.RunAsync(new ShortcutBuild(), args);
        Assert.That(first.ExitCode, Is.Zero, first.Output);
        await Task.Delay(PastStampResolution, TestContext.CurrentContext.CancellationToken);
        var upToDate = await Sandbox.RunAsync(new ShortcutBuild(), args);
        Assert.That(upToDate.ExitCode, Is.Zero, upToDate.Output);
        Assert.That(upToDate.Output, Does.Contain("up to date"), upToDate.Output);
    }

    private (int? ExitCode, string Output) Answer(params string[] args) => Answer(Sandbox.Environment, args);

    private (int? ExitCode, string Output) Answer(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = UpToDateShortcut.TryAnswer(Sandbox.Root, Environment.CurrentDirectory, args, environment, output);
        return (exitCode, output.ToString());
    }

    private sealed class ShortcutBuild : PipelineBuild
    {
        [Parameter("Training epochs")] readonly int Epochs = 10;
        [Parameter("An API token"), Secret] readonly string? Token;

        Target Fit => _ => _
            .Inputs("data", "params.yaml")
            .InputParameters(() => Epochs)
            .Outputs("out/model.bin")
            .Executes(() =>
            {
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/model.bin"), $"model {Epochs} {Token?.Length}");
            });

        /// <summary>Runs every time; publishes once, then proves it changed nothing while the service answers.</summary>
        Target Publish => _ => _
            .DependsOn(Fit)
            .Executes(() =>
            {
                var published = Path.Combine(RootDirectory, "published.txt");
                if (File.Exists(published))
                {
                    ReportUnchanged(new UnchangedProof("already published", new Uri(new Uri(EnvironmentVariable("SERVICE_URL")!), "health"), ["published.txt"]));
                    return;
                }

                File.WriteAllText(published, "version 1\n");
            });

        Target Compile => _ => _
            .Inputs("src/**/*.cs")
            .Outputs("out/compiled.txt")
            .Executes(() =>
            {
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/compiled.txt"), "compiled");
            });

        Target Guarded => _ => _
            .Inputs("params.yaml")
            .Outputs("out/guarded.txt")
            .OnlyWhen(() => true, "always")
            .Executes(() =>
            {
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/guarded.txt"), "ran");
            });
    }

    /// <summary>An HTTP service on 127.0.0.1 answering every GET with <see cref="Status"/>.</summary>
    private sealed class AnsweringService : IDisposable
    {
        private readonly System.Net.HttpListener listener = new();
        private int requests;

        public AnsweringService()
        {
            Url = $"http://127.0.0.1:{LoopbackPort.Free()}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public int Status { get; set; } = 200;

        public int Requests => Volatile.Read(ref requests);

        public void Dispose() => listener.Close();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref requests);
                context.Response.StatusCode = Status;
                context.Response.Close();
            }
        }
    }
}
