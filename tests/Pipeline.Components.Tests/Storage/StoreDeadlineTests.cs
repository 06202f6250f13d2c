using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Components.Storage;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Storage;

/// <summary>
/// Every Cloud Storage call has a deadline, and the message names what failed: a token endpoint that accepts connections
/// and never answers, one that refuses them, a bucket that cannot be reached. An optional pull gives up as a warning.
/// </summary>
[Category("Faults")]
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StoreDeadlineTests : SandboxTests
{
    private TcpListener blackHole = null!;
    private readonly List<Socket> held = [];

    [SetUp]
    public void OpenBlackHole()
    {
        blackHole = new TcpListener(IPAddress.Loopback, 0); // accepts connections (the kernel does), reads nothing, answers nothing
        blackHole.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    held.Add(await blackHole.AcceptSocketAsync());
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    [TearDown]
    public void CloseBlackHole()
    {
        blackHole.Stop();
        blackHole.Dispose();
        foreach (var socket in held)
            socket.Dispose();
    }

    private string BlackHoleUri => $"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/token";

    [Test]
    public async Task Should_GoOnWithoutTheStore_WithOneLineNamingTheTokenUri_GivenATokenEndpointThatNeverAnswers()
    {
        await using var gcs = new FakeGcs();
        Assert.That((await Sandbox.RunAsync(new StoreBuild(), "Fit")).ExitCode, Is.Zero); // recorded in the lock...
        File.Delete(Sandbox.PathOf("out/model.txt")); // ...and missing here: a pull asks the store for it
        Sandbox.Environment["GOOGLE_SERVICE_ACCOUNT_KEY"] = ServiceAccountKeys.Create(BlackHoleUri);
        var build = new StoreBuild();
        var clock = Stopwatch.StartNew();

        var run = await Sandbox.RunAsync(build, "Fit", "--pull", "--artifact-store", "gs://ml-artifacts/cache", "--gcs-endpoint", gcs.Url.ToString());

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Fits, Is.EqualTo(1), "Fit computed its output itself");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)), "a deadline, not 174 s"); // the token deadline is 8 s
        var lines = run.Output.Split('\n').Where(line => line.Contains(BlackHoleUri, StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), run.Output);
        Assert.That(lines[0], Does.Contain("did not answer within 8 s").And.Contain("the bucket itself was not asked"));
        Assert.That(run.Output, Does.Not.Contain("   at ").And.Not.Contain("InvalidOperationException").And.Not.Contain("Exception:"), "no exception type or stack trace on the console");
    }

    [Test]
    public async Task Should_NameTheTokenUri_NotTheBucket_GivenATokenEndpointThatRefusesConnections()
    {
        await using var gcs = new FakeGcs();
        var refused = $"http://127.0.0.1:{LoopbackPort.Free()}/token";
        var store = GcsArtifactStore.Create(GcsLocation.Parse("gs://ml-artifacts/cache"), gcs.Url, ServiceAccountKeys.Create(refused), new GcsOptions(), new RecordingLog());

        var error = await Assert.ThrowsAsync<ArtifactStoreUnavailableException>(() =>
            store.TryGetAsync(new string('a', 64), Sandbox.PathOf("x"), null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.StartWith($"The token endpoint {refused} (the key's token_uri, for gs://ml-artifacts) could not be reached"));
        Assert.That(gcs.Requests, Is.Empty, "the bucket was never asked");
    }

    [Test]
    public async Task Should_GiveUpWithinTheBudget_NamingTheBucketsHost_GivenABucketThatRefusesConnections()
    {
        await using var gcs = new FakeGcs();
        var closed = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var store = GcsArtifactStore.Create(GcsLocation.Parse("gs://ml-artifacts/cache"), closed, gcs.ServiceAccountKey(),
            new GcsOptions { RetryDelay = TimeSpan.FromMilliseconds(200), UnreachableBudget = TimeSpan.FromSeconds(2) }, new RecordingLog());

        var error = await Assert.ThrowsAsync<ArtifactStoreUnavailableException>(() =>
            store.TryGetAsync(new string('a', 64), Sandbox.PathOf("x"), null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.StartWith("gs://ml-artifacts could not be reached for a download within").And.Contain($"127.0.0.1"));
    }

    private sealed class StoreBuild : PipelineBuild, IArtifactStorage
    {
        public int Fits { get; private set; }

        Target Fit => _ => _
            .Inputs("data")
            .Outputs("out/model.txt")
            .Executes(() =>
            {
                Fits++;
                Directory.CreateDirectory(RootDirectory / "out");
                File.WriteAllText(RootDirectory / "out/model.txt", "model\n");
            });
    }

    internal override void Prepare(BuildSandbox emptySandbox) => emptySandbox.Write("data/rows.csv", "1,2\n");
}
