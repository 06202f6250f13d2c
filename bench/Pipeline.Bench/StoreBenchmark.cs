using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.Execution;
using Pipeline.Components.Storage;
using Pipeline.Tests.Fakes;
using Spectre.Console;

namespace Pipeline.Bench;

/// <summary>
/// Artifact store benchmark, measured side by side in one run: restoring many small files and one large file from
/// the local store and from the Cloud Storage fake (real HTTP on 127.0.0.1), against a plain file copy; and the time
/// a build needs to decide "up to date" for a stage with 1,000 input files, against one with a single input.
///   dotnet run --project bench/Pipeline.Bench -c Release -- store [small-files] [large-MiB] [rounds]
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var smallCount = args.Count > 0 ? int.Parse(args[0]) : 500;
        var largeMiB = args.Count > 1 ? int.Parse(args[1]) : 128;
        var rounds = args.Count > 2 ? int.Parse(args[2]) : 5;
        var work = Path.Combine(Path.GetTempPath(), "pipeline-bench-store", Guid.NewGuid().ToString("N"));
        try
        {
            var small = WriteFiles(Path.Combine(work, "source"), "small", smallCount, 8 * 1024);
            var large = WriteFiles(Path.Combine(work, "source"), "large", 1, largeMiB << 20);
            var log = new BenchLog(quiet: true);
            var local = new LocalArtifactStore(Path.Combine(work, "store"));
            await using var gcs = new FakeGcs();
            using var http = new HttpClient();
            var bucket = GcsArtifactStore.Create(GcsLocation.Parse("gs://bench/cache"), gcs.Url, gcs.ServiceAccountKey(), new GcsOptions(), http, log);
            foreach (var store in new IArtifactStore[] { local, bucket })
                await new ArtifactTransfer(store, pull: false, push: true, parallelism: 8, log).UploadAsync(Path.Combine(work, "source"), small.Concat(large).ToDictionary(), CancellationToken.None);

            Console.WriteLine($"Restore: {smallCount} files of 8 KiB ({smallCount * 8 / 1024.0:0.0} MiB) and 1 file of {largeMiB} MiB; {rounds} interleaved rounds, 8 transfers at a time.");
            Console.WriteLine($"{"set",-12} {"method",-28} {"median",10} {"MiB/s",8} {"vs copy",8}");
            foreach (var (name, files) in new[] { ("small files", small), ("large file", large) })
            {
                var times = new Dictionary<string, List<double>> { ["plain copy"] = [], ["local store"] = [], ["Cloud Storage fake"] = [] };
                for (var round = 0; round < rounds; round++)
                {
                    times["plain copy"].Add(Time(() => { PlainCopy(Path.Combine(work, "source"), Fresh(work), files); return Task.CompletedTask; }));
                    times["local store"].Add(Time(() => Restore(local, Fresh(work), files, log)));
                    times["Cloud Storage fake"].Add(Time(() => Restore(bucket, Fresh(work), files, log)));
                }

                var bytes = files.Keys.Sum(path => new FileInfo(Path.Combine(work, "source", path)).Length) / (1024.0 * 1024.0);
                var copy = Measure.Median(times["plain copy"]);
                foreach (var (method, samples) in times)
                {
                    var median = Measure.Median(samples);
                    Console.WriteLine($"{name,-12} {method,-28} {median,7:0.0} ms {bytes / (median / 1000),8:0} {copy / median,7:0.00}x");
                }
            }

            await UpToDateAsync(work, rounds * 3);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task UpToDateAsync(string work, int rounds)
    {
        var many = await PrepareStageAsync(Path.Combine(work, "many"), 1000);
        var one = await PrepareStageAsync(Path.Combine(work, "one"), 1);
        var manyTimes = new List<double>();
        var rehashTimes = new List<double>();
        var oneTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            manyTimes.Add(Time(() => RunStageAsync(many, expectRun: false)));
            File.Delete(Path.Combine(many, FileHashCache.RelativePath));
            rehashTimes.Add(Time(() => RunStageAsync(many, expectRun: false))); // reads every file; writes the cache again
            oneTimes.Add(Time(() => RunStageAsync(one, expectRun: false)));
        }

        var (manyMedian, rehashMedian, oneMedian) = (Measure.Median(manyTimes), Measure.Median(rehashTimes), Measure.Median(oneTimes));
        Console.WriteLine();
        Console.WriteLine($"Deciding \"up to date\" (whole in-process run: parameters, graph, lock, hashing), {rounds} interleaved rounds:");
        Console.WriteLine($"  1,000 input files (4 KiB each), hash cache:   {manyMedian,7:0.0} ms");
        Console.WriteLine($"  1,000 input files, every file read again:    {rehashMedian,7:0.0} ms");
        Console.WriteLine($"  1 input file:                                {oneMedian,7:0.0} ms");
        Console.WriteLine($"  per tracked file: {(manyMedian - oneMedian) / 999 * 1000:0} µs with the hash cache, {(rehashMedian - oneMedian) / 999 * 1000:0} µs without; cache speed-up {rehashMedian / manyMedian:0.00}x");
    }

    private static async Task<string> PrepareStageAsync(string root, int files)
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        WriteFiles(Path.Combine(root, "data"), "row", files, 4096);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "data"), "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-1)); // data that has been there a while, as tracked data is
        await RunStageAsync(root, expectRun: true);
        return root;
    }

    private static async Task RunStageAsync(string root, bool expectRun)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        var build = new StageBuild();
        var exitCode = await BuildRunner.RunAsync(build, null, ["Summarise"], new BuildHost(root, new Dictionary<string, string?>(), console), CancellationToken.None);
        if (exitCode != 0 || build.Ran != expectRun)
            throw new InvalidOperationException($"Unexpected run (exit {exitCode}, ran {build.Ran}):\n{output}");
    }

    private static Task Restore(IArtifactStore store, string destination, IReadOnlyDictionary<string, string> files, IBuildLog log) =>
        new ArtifactTransfer(store, pull: true, push: false, parallelism: 8, log).RestoreAsync(destination, files, CancellationToken.None)
            .ContinueWith(task => task.Result.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException($"{task.Result.Count} file(s) not restored"), TaskScheduler.Default).Unwrap();

    private static void PlainCopy(string source, string destination, IReadOnlyDictionary<string, string> files)
    {
        foreach (var path in files.Keys)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, path))!);
            File.Copy(Path.Combine(source, path), Path.Combine(destination, path));
        }
    }

    private static double Time(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        action().GetAwaiter().GetResult();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string Fresh(string work)
    {
        var destination = Path.Combine(work, "restored");
        if (Directory.Exists(destination))
            Directory.Delete(destination, recursive: true);
        Directory.CreateDirectory(destination);
        return destination;
    }

    private static Dictionary<string, string> WriteFiles(string directory, string stem, int count, int size)
    {
        var files = new Dictionary<string, string>();
        var random = new Random(count + size);
        var bytes = new byte[size];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            var relative = $"{stem}/{stem}-{i:0000}.bin";
            Directory.CreateDirectory(Path.Combine(directory, stem));
            File.WriteAllBytes(Path.Combine(directory, relative), bytes);
            files[relative] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        }

        return files;
    }

    /// <summary>One cached stage: all of data/ in, one summary out.</summary>
    private sealed class StageBuild : PipelineBuild
    {
        public bool Ran { get; private set; }

        public Target Summarise => _ => _
            .Inputs("data")
            .Outputs("out/summary.txt")
            .Executes(() =>
            {
                Ran = true;
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/summary.txt"), Directory.GetFiles(Path.Combine(RootDirectory, "data"), "*", SearchOption.AllDirectories).Length.ToString());
            });
    }
}
