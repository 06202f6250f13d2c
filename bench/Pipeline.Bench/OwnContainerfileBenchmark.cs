using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Bench;

/// <summary>
/// Containerize after a model-only change of a Containerfile of the user's (examples/python's, on the offline Python
/// base): composed (the app image kept, the model laid on as a layer of ours) against the same Containerfile built
/// whole by <c>buildah bud</c> (a <c>--chown=0:0</c> on the model's COPY: the same files, and not the composable
/// shape), interleaved in one run, medians and the ratio.
///   dotnet run --project bench/Pipeline.Bench -c Release -- own [rounds]
/// </summary>
internal static class OwnContainerfileBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        var rounds = options.Count > 0 ? int.Parse(options[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var root = Repository.FindRoot();
        var workspace = Directory.CreateTempSubdirectory("pipeline-bench-own-").FullName;
        var log = new BenchLog();
        var composed = new ContainerSettings
        {
            Registry = $"127.0.0.1:{LoopbackPort.Free()}",
            ImageRepository = "bench/own-composed",
            Containerfile = "Containerfile",
            OfflineBase = OfflineBase.Python,
            ModelDirectory = "artifacts/model",
            StateDirectory = Path.Combine(workspace, "state"),
            ImageFile = Path.Combine(workspace, "composed.json"),
            DigestFile = Path.Combine(workspace, "composed-digest.txt"),
        };
        var whole = composed with { ImageRepository = "bench/own-whole", Containerfile = "Containerfile.whole", ImageFile = Path.Combine(workspace, "whole.json") };
        foreach (var file in new[] { "Containerfile", "serve.py" })
            File.Copy(Path.Combine(root, "examples/python", file), Path.Combine(workspace, file));
        var containerfile = File.ReadAllText(Path.Combine(workspace, "Containerfile"));
        if (!containerfile.Contains("COPY artifacts/model/", StringComparison.Ordinal))
            throw new InvalidOperationException("examples/python/Containerfile no longer copies artifacts/model/: update the bench.");
        File.WriteAllText(Path.Combine(workspace, "Containerfile.whole"), containerfile.Replace("COPY artifacts/model/", "COPY --chown=0:0 artifacts/model/", StringComparison.Ordinal));
        var model = Directory.CreateDirectory(Path.Combine(workspace, "artifacts/model")).FullName;
        var rootPath = AbsolutePath.Create(workspace);
        var tools = await ContainerTools.ForAsync(rootPath, composed, log, CancellationToken.None);
        try
        {
            var revision = await SourceRevision.OfAsync(root, CancellationToken.None);
            Console.WriteLine("Warming up: the offline Python base, then each Containerfile built once...");
            WriteModel(model, 0);
            await ImageBuilder.BuildAsync(rootPath, composed, tools, revision, log, CancellationToken.None);
            await ImageBuilder.BuildAsync(rootPath, whole, tools, revision, log, CancellationToken.None);
            await ImagePusher.PushAsync(rootPath, composed, tools, null, log, CancellationToken.None);

            var composedTimes = new List<double>();
            var wholeTimes = new List<double>();
            var pushes = new List<(long Uploaded, long ModelLayer, double Seconds)>();
            for (var round = 1; round <= rounds; round++)
            {
                WriteModel(model, round);
                var (first, second) = round % 2 == 0 ? (composed, whole) : (whole, composed);
                var firstTime = await TimeAsync(first);
                var secondTime = await TimeAsync(second);
                (first == composed ? composedTimes : wholeTimes).Add(firstTime);
                (second == composed ? composedTimes : wholeTimes).Add(secondTime);
                var digest = "";
                var pushTime = 0.0;
                var uploaded = await ContainerBenchmark.UploadedAsync(tools, composed.Registry, async () =>
                {
                    var watch = Stopwatch.StartNew();
                    digest = await ImagePusher.PushAsync(rootPath, composed, tools, null, log, CancellationToken.None);
                    pushTime = watch.Elapsed.TotalSeconds;
                });
                pushes.Add((uploaded, await LastLayerSizeAsync(composed, digest), pushTime));
            }

            Console.WriteLine();
            Console.WriteLine($"Containerize of a model-only change, {rounds} rounds interleaved (examples/python's Containerfile):");
            Console.WriteLine($"  composed (app image kept, model layer of ours): median {Measure.Median(composedTimes):0.000} s ({string.Join(", ", composedTimes.Select(t => t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))})");
            Console.WriteLine($"  built whole by buildah bud:                      median {Measure.Median(wholeTimes):0.000} s ({string.Join(", ", wholeTimes.Select(t => t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))})");
            Console.WriteLine($"  composed / whole: {Measure.Median(composedTimes) / Measure.Median(wholeTimes):0.00}x");
            Console.WriteLine($"Push of each composed model-only change (256 KiB of weights): median {Measure.Median([.. pushes.Select(push => push.Seconds)]):0.000} s; {string.Join(", ", pushes.Select(push => $"{push.Uploaded:N0} B ({(double)push.Uploaded / push.ModelLayer:0.00}x its {push.ModelLayer:N0}-byte model layer)"))}; the rest is the image config");
            return 0;
        }
        finally
        {
            LocalRegistry.Stop(tools);
            await tools.DeleteStateAsync();
            Directory.Delete(workspace, recursive: true);
        }

        async Task<double> TimeAsync(ContainerSettings settings)
        {
            var watch = Stopwatch.StartNew();
            await ImageBuilder.BuildAsync(rootPath, settings, tools, await SourceRevision.OfAsync(root, CancellationToken.None), log, CancellationToken.None);
            return watch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>The size of the pushed image's last layer (the model's, compressed) as its manifest in the registry names it.</summary>
    private static async Task<long> LastLayerSizeAsync(ContainerSettings settings, string digest)
    {
        using var http = new HttpClient();
        using var manifest = System.Text.Json.JsonDocument.Parse(await new RegistryClient(http, settings.Registry).ManifestAsync(settings.ImageRepository, digest, CancellationToken.None));
        return manifest.RootElement.GetProperty("layers").EnumerateArray().Last().GetProperty("size").GetInt64();
    }

    /// <summary>A model that differs each round, as a retrained one would: its settings and 256 KiB of weights that do not compress (a small scikit-learn forest's size).</summary>
    private static void WriteModel(string model, int round)
    {
        File.WriteAllText(Path.Combine(model, "model.json"), $"{{\"round\":{round}}}\n");
        var weights = new byte[256 * 1024];
        new Random(round).NextBytes(weights);
        File.WriteAllBytes(Path.Combine(model, "weights.bin"), weights);
    }
}
