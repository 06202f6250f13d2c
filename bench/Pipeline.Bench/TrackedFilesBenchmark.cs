using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.Execution;
using Pipeline.Build.IO;
using Pipeline.Build.Shortcut;
using Spectre.Console;

namespace Pipeline.Bench;

/// <summary>
/// Many tracked files, measured side by side in one run: the first hashing of every file on one thread against
/// every core, and a whole in-process "up to date" run (parameters, graph, lock, hash cache) with that many input
/// files against one with a single input, and the repeated command answered from its up-to-date record.
///   dotnet run --project bench/Pipeline.Bench -c Release -- files [count] [rounds]
/// </summary>
internal static class TrackedFilesBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var count = args.Count > 0 ? int.Parse(args[0]) : 100_000;
        var rounds = args.Count > 1 ? int.Parse(args[1]) : 5;
        var work = Path.Combine(Path.GetTempPath(), "pipeline-bench-files", Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"Writing {count:N0} files of 1 KiB...");
            var many = await PrepareStageAsync(Path.Combine(work, "many"), count);
            var one = await PrepareStageAsync(Path.Combine(work, "one"), 1);

            var single = new List<double>();
            var parallel = new List<double>();
            var warm = new List<double>();
            var warmOne = new List<double>();
            var answered = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // what deciding "up to date" hashes without a hash cache: the input as one tree entry
                single.Add(Time(() => new ContentHasher(many, parallelism: 1).HashInputs(["data"], new InputTrees(many), out _)));
                parallel.Add(Time(() => new ContentHasher(many).HashInputs(["data"], new InputTrees(many), out _)));
                warm.Add(await TimeAsync(() => RunStageAsync(many, expectRun: false)));
                warmOne.Add(await TimeAsync(() => RunStageAsync(one, expectRun: false)));
                answered.Add(Time(() => AnswerFromRecord(many)));
            }

            var (singleMedian, parallelMedian, warmMedian, oneMedian) = (Measure.Median(single), Measure.Median(parallel), Measure.Median(warm), Measure.Median(warmOne));
            var answeredMedian = Measure.Median(answered);
            Console.WriteLine();
            Console.WriteLine($"{count:N0} tracked files of 1 KiB, {rounds} interleaved rounds on {Environment.ProcessorCount} cores:");
            Console.WriteLine($"  first hashing, one thread:                     {singleMedian,9:0} ms");
            Console.WriteLine($"  first hashing, {Environment.ProcessorCount} threads:                       {parallelMedian,9:0} ms   {singleMedian / parallelMedian:0.00}x faster (target: at least 1.6x)");
            Console.WriteLine($"  \"up to date\", hash cache warm (whole run):     {warmMedian,9:0} ms   (target: under 1,000 ms)");
            Console.WriteLine($"  \"up to date\", 1 input file (whole run):        {oneMedian,9:0} ms");
            Console.WriteLine($"  no-op answered from its record (every stamp):  {answeredMedian,9:0} ms   (what a repeated ./build.sh Count waits for, before the build loads)");
            Console.WriteLine($"  per tracked file: {(warmMedian - oneMedian) / (count - 1) * 1000:0.0} µs");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> PrepareStageAsync(string root, int count)
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var bytes = new byte[1024];
        var random = new Random(count);
        var old = DateTime.UtcNow.AddDays(-1); // data that has been there a while, as tracked data is
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(root, "data", $"part-{i / 1000:000}", $"row-{i:000000}.bin");
            if (i % 1000 == 0)
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            random.NextBytes(bytes);
            File.WriteAllBytes(file, bytes);
            File.SetLastWriteTimeUtc(file, old);
        }

        await RunStageAsync(root, expectRun: true);
        await Task.Delay(FileStamp.SettleTime + TimeSpan.FromSeconds(1)); // files changed just before a run are neither remembered nor recorded
        await RunStageAsync(root, expectRun: false); // the hash cache now holds every file, and the up-to-date record is written
        return root;
    }

    private static async Task RunStageAsync(string root, bool expectRun)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        var build = new CountingBuild();
        var exitCode = await BuildRunner.RunAsync(build, null, ["Count"], new BuildHost(root, new Dictionary<string, string?>(), console), CancellationToken.None);
        if (exitCode != 0 || build.Ran != expectRun)
            throw new InvalidOperationException($"Unexpected run (exit {exitCode}, ran {build.Ran}):\n{output}");
    }

    /// <summary>The no-op path of a repeated command: the record of the last up-to-date run, every stamp in it checked.</summary>
    private static void AnswerFromRecord(string root)
    {
        if (UpToDateShortcut.TryAnswer(root, Environment.CurrentDirectory, ["Count"], new Dictionary<string, string?>(), TextWriter.Null) != 0)
            throw new InvalidOperationException("The up-to-date record did not answer the repeated command.");
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>One cached stage: all of data/ in, a count out.</summary>
    private sealed class CountingBuild : PipelineBuild
    {
        public bool Ran { get; private set; }

        public Target Count => _ => _
            .Inputs("data")
            .Outputs("out/count.txt")
            .Executes(() =>
            {
                Ran = true;
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/count.txt"), Directory.EnumerateFiles(Path.Combine(RootDirectory, "data"), "*", SearchOption.AllDirectories).Count().ToString());
            });
    }
}
