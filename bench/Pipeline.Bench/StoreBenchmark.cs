using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.IO;
using Pipeline.Components.Storage;
using Pipeline.Tests.Fakes;

namespace Pipeline.Bench;

/// <summary>
/// Artifact store benchmark, measured side by side in one run: restoring many small files and one large file from
/// the local store and from the Cloud Storage fake (real HTTP on 127.0.0.1), against a plain file copy. (Deciding
/// "up to date" over many files is <see cref="TrackedFilesBenchmark"/>.)
///   dotnet run --project bench/Pipeline.Bench -c Release -- store [small-files] [large-MiB] [rounds]
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        var args = options.Where(option => option != "--disk").ToList();
        var smallCount = args.Count > 0 ? int.Parse(args[0]) : 500;
        var largeMiB = args.Count > 1 ? int.Parse(args[1]) : 128;
        var rounds = args.Count > 2 ? int.Parse(args[2]) : 5;
        // in memory where there is a tmpfs: the disk's write-back stalls on these VMs swing a plain copy of 500 files
        // from 60 to 450 ms, hiding the per-file costs this measures
        var memory = Directory.Exists("/dev/shm") && !options.Contains("--disk");
        var work = Path.Combine(memory ? "/dev/shm" : Path.GetTempPath(), "pipeline-bench-store", Guid.NewGuid().ToString("N"));
        try
        {
            var small = WriteFiles(Path.Combine(work, "source"), "small", smallCount, 8 * 1024);
            var large = WriteFiles(Path.Combine(work, "source"), "large", 1, largeMiB << 20);
            var log = new BenchLog(quiet: true);
            var storeDirectory = Path.Combine(work, "store");
            var verifiedFile = Path.Combine(storeDirectory, VerifiedObjects.FileName);
            var local = new LocalArtifactStore(storeDirectory);
            await using var gcs = new FakeGcs();
            var bucket = GcsArtifactStore.Create(GcsLocation.Parse("gs://bench/cache"), gcs.Url, gcs.ServiceAccountKey(), new GcsOptions(), log);
            foreach (var store in new IArtifactStore[] { local, bucket })
                await new ArtifactTransfer(store, pull: false, push: true, parallelism: 8, log).UploadAsync(Path.Combine(work, "source"), small.Concat(large).ToDictionary(), CancellationToken.None);
            await Task.Delay(FileStamp.SettleTime + TimeSpan.FromSeconds(1)); // objects a later run restores are older than the stamps' resolution
            await Restore(local, Fresh(work), small.Concat(large).ToDictionary(), log); // verified once: later runs trust their stamps

            Console.WriteLine($"Restore (on {(memory ? "tmpfs" : "disk")}): {smallCount} files of 8 KiB ({smallCount * 8 / 1024.0:0.0} MiB) and 1 file of {largeMiB} MiB; {rounds} interleaved rounds, 8 transfers at a time.");
            Console.WriteLine($"{"set",-12} {"method",-28} {"median",10} {"MiB/s",8} {"vs copy",8}");
            foreach (var (name, files) in new[] { ("small files", small), ("large file", large) })
            {
                var times = new Dictionary<string, List<double>> { ["plain copy"] = [], ["local store"] = [], ["local store, first restore"] = [], ["Cloud Storage fake"] = [] };
                for (var round = 0; round < rounds; round++)
                {
                    // each restore into a fresh, empty folder made before the clock starts
                    times["plain copy"].Add(await TimeAsync(Fresh(work), destination => { PlainCopy(Path.Combine(work, "source"), destination, files); return Task.CompletedTask; }));
                    // a new instance each time, as each run is a new process: it reads the verified stamps from the store
                    times["local store"].Add(await TimeAsync(Fresh(work), destination => Restore(new LocalArtifactStore(storeDirectory), destination, files, log)));
                    var verifiedStamps = File.ReadAllBytes(verifiedFile);
                    File.Delete(verifiedFile); // as a store no run has restored from: every object hashed on the way out
                    times["local store, first restore"].Add(await TimeAsync(Fresh(work), destination => Restore(new LocalArtifactStore(storeDirectory), destination, files, log)));
                    File.WriteAllBytes(verifiedFile, verifiedStamps);
                    times["Cloud Storage fake"].Add(await TimeAsync(Fresh(work), destination => Restore(bucket, destination, files, log)));
                }

                var bytes = files.Keys.Sum(path => new FileInfo(Path.Combine(work, "source", path)).Length) / (1024.0 * 1024.0);
                var copy = Measure.Median(times["plain copy"]);
                foreach (var (method, samples) in times)
                {
                    var median = Measure.Median(samples);
                    Console.WriteLine($"{name,-12} {method,-28} {median,7:0.0} ms {bytes / (median / 1000),8:0} {copy / median,7:0.00}x");
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task Restore(IArtifactStore store, string destination, IReadOnlyDictionary<string, string> files, IBuildLog log)
    {
        var missing = await new ArtifactTransfer(store, pull: true, push: false, parallelism: 8, log).RestoreAsync(destination, files, CancellationToken.None);
        if (missing.Count > 0)
            throw new InvalidOperationException($"{missing.Count} file(s) not restored");
    }

    private static void PlainCopy(string source, string destination, IReadOnlyDictionary<string, string> files)
    {
        foreach (var path in files.Keys)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, path))!);
            File.Copy(Path.Combine(source, path), Path.Combine(destination, path));
        }
    }

    private static async Task<double> TimeAsync(string destination, Func<string, Task> restore)
    {
        var stopwatch = Stopwatch.StartNew();
        await restore(destination);
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
}
