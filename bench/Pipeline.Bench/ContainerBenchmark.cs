using Pipeline.Build;
using System.Diagnostics;
using System.Text.Json;
using Model.Training;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Bench;

/// <summary>
/// Bytes Push uploads, read from the local registry's request log (each completed blob upload names its digest;
/// its size is the blob's size in the registry): first push, unchanged push, model-only change. And Containerize
/// with a warm cache against a plain dotnet publish of the same project, side by side. With "heavy", the same again
/// with a 100+ MB runtime in the image's base: a model change must still push only the model layer.
///   dotnet run --project bench/Pipeline.Bench -c Release -- containers [heavy]
/// </summary>
internal static class ContainerBenchmark
{
    /// <summary>The sample; with "heavy", the sample again with a 100+ MB runtime laid into its base, and the two compared.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        var sample = await RunVariantAsync("the sample (iris, ML.NET)", []);
        if (!options.Contains("heavy"))
            return sample.Failures == 0 ? 0 : 1;
        // the scikit-learn adoption example's runtime (scikit-learn, NumPy, SciPy, joblib: Debian's packages), served beside the sample's model
        var heavy = await RunVariantAsync("the sample with a heavy runtime (python3-sklearn python3-joblib in the base)", ["python3-sklearn", "python3-joblib"]);
        Console.WriteLine();
        Console.WriteLine("Heavy runtime against the sample, same run:");
        Console.WriteLine($"  whole image: {heavy.Image:N0} bytes against {sample.Image:N0} ({(double)heavy.Image / sample.Image:0.0}x)");
        Console.WriteLine($"  push after a model-only change: {heavy.ModelOnly:N0} bytes = {(double)heavy.ModelOnly / heavy.ModelLayer:0.00}x its model layer of {heavy.ModelLayer:N0} (target: at most 1.1x plus manifests); the sample {sample.ModelOnly:N0}");
        Console.WriteLine($"  model-only change -> Deploy returned: {heavy.InnerLoop.TotalSeconds:0.00} s against {sample.InnerLoop.TotalSeconds:0.00} s ({heavy.InnerLoop / sample.InnerLoop:0.00}x)");
        if (heavy.NewBackendAt is { } heavyAt && sample.NewBackendAt is { } sampleAt)
            Console.WriteLine($"  model-only change -> first answer of the new version: {heavyAt.TotalSeconds:0.00} s against {sampleAt.TotalSeconds:0.00} s ({heavyAt / sampleAt:0.00}x; target: at most 2x)");
        return sample.Failures + heavy.Failures == 0 ? 0 : 1;
    }

    private static async Task<Figures> RunVariantAsync(string title, IReadOnlyList<string> runtimePackages)
    {
        Console.WriteLine($"== {title}");
        var root = Repository.FindRoot();
        var workspace = Directory.CreateTempSubdirectory("pipeline-bench-containers-").FullName;
        var log = new BenchLog();
        var settings = new ContainerSettings
        {
            Registry = $"127.0.0.1:{LoopbackPort.Free()}",
            ImageRepository = "bench/model-serving",
            Project = "src/Model.Serving/Model.Serving.csproj",
            EntryAssembly = "Model.Serving.dll",
            ModelDirectory = Path.Combine(workspace, "artifacts/model"),
            StateDirectory = Path.Combine(workspace, "state"),
            ImageFile = Path.Combine(workspace, "artifacts/image.json"),
            DigestFile = Path.Combine(workspace, "artifacts/image-digest.txt"),
            RuntimePackages = runtimePackages,
        };
        // the heavy variant builds from a copy of the serving sources, so it can change the serving code as a user would
        var sources = runtimePackages.Count == 0 ? root : CopyServingSources(root, workspace);
        var rootPath = AbsolutePath.Create(sources);
        var tools = await ContainerTools.ForAsync(rootPath, settings, log, CancellationToken.None);
        try
        {
            var revision = await SourceRevision.OfAsync(root, CancellationToken.None);
            Train(root, workspace, "params.yaml");
            await ImageBuilder.BuildAsync(rootPath, settings, tools, revision, log, CancellationToken.None);

            var first = await UploadedAsync(tools, settings.Registry, () => ImagePusher.PushAsync(rootPath, settings, tools, null, log, CancellationToken.None));
            var unchanged = await UploadedAsync(tools, settings.Registry, () => ImagePusher.PushAsync(rootPath, settings, tools, null, log, CancellationToken.None));
            var blobLevel = await UploadedAsync(tools, settings.Registry, () => tools.RunAsync("buildah", ["push", "-q", "--tls-verify=false", $"{settings.ImageName}:latest"], root, CancellationToken.None));

            var deploy = new DeploySettings { Container = "model-serving", ManifestsDirectory = "kubernetes", LocalPort = LoopbackPort.Free(), RolloutTimeout = TimeSpan.FromSeconds(60) };
            var digest = await ImagePusher.PushAsync(rootPath, settings, tools, null, log, CancellationToken.None);
            await LocalDeployer.DeployAsync(tools, Render(root, deploy, settings, digest), deploy, log, CancellationToken.None);

            // the inner loop, with a client sending requests through it: params changed -> the new model answering
            using var redeployed = new CancellationTokenSource();
            var step = new Stopwatch();
            var client = RequestLoop.RunTimedAsync(new Uri($"http://127.0.0.1:{deploy.LocalPort}/healthz"), Pipeline.Components.Deploy.Local.LocalFront.BackendHeader, step, redeployed.Token);
            var changedParams = Path.Combine(workspace, "params.yaml");
            File.WriteAllText(changedParams, File.ReadAllText(Path.Combine(root, "params.yaml")).Replace("max_iterations: 30", "max_iterations: 20"));
            await Task.Delay(300); // the client answered by the running version before the change
            step.Start();
            Train(root, workspace, changedParams);
            var train = step.Elapsed;
            await ImageBuilder.BuildAsync(rootPath, settings, tools, revision, log, CancellationToken.None);
            var containerize = step.Elapsed - train;
            var modelOnly = await UploadedAsync(tools, settings.Registry, async () => digest = await ImagePusher.PushAsync(rootPath, settings, tools, null, log, CancellationToken.None));
            var push = step.Elapsed - train - containerize;
            var result = await LocalDeployer.DeployAsync(tools, Render(root, deploy, settings, digest), deploy, log, CancellationToken.None);
            var innerLoop = step.Elapsed;
            await redeployed.CancelAsync();
            var (answered, failures, backends) = await client;
            var newBackendAt = backends.Count > 1 ? backends[1].At : (TimeSpan?)null; // the new version's first answer through the front
            var (layers, config) = await BlobSizesAsync(settings);
            var modelLayer = layers[^1];
            var image = layers.Sum() + config;

            var warm = Stopwatch.StartNew();
            await ImageBuilder.BuildAsync(rootPath, settings, tools, revision, log, CancellationToken.None);
            warm.Stop();
            var publish = Stopwatch.StartNew();
            await Measure.RunAsync("dotnet", ["publish", Path.Combine(sources, settings.Project!), "-c", "Release", "--no-self-contained", "-o", Path.Combine(workspace, "plain-publish"), "-nologo", "-v", "q"], sources);
            publish.Stop();

            (long Pushed, long AppLayer)? codeOnly = null;
            if (sources != root)
            {
                // a serving-code change: one string of the service's OpenAPI description
                var program = Path.Combine(sources, "src/Model.Serving/Program.cs");
                File.WriteAllText(program, File.ReadAllText(program).Replace("four measurements (cm).", "four measurements (cm), changed.", StringComparison.Ordinal));
                await ImageBuilder.BuildAsync(rootPath, settings, tools, revision, log, CancellationToken.None);
                var pushed = await UploadedAsync(tools, settings.Registry, () => ImagePusher.PushAsync(rootPath, settings, tools, null, log, CancellationToken.None));
                codeOnly = (pushed, (await BlobSizesAsync(settings)).Layers[^2]);
            }

            Console.WriteLine();
            Console.WriteLine($"{"push",-44} {"blob bytes uploaded",20}");
            Console.WriteLine($"{"first push (base + app + model + config)",-44} {first,20:N0}");
            Console.WriteLine($"{"second push, nothing changed",-44} {unchanged,20:N0}");
            Console.WriteLine($"{"  same, forcing buildah push (blob HEADs)",-44} {blobLevel,20:N0}");
            Console.WriteLine($"{"push after a model-only change",-44} {modelOnly,20:N0}");
            Console.WriteLine($"{"  model layer (compressed)",-44} {modelLayer,20:N0}");
            Console.WriteLine($"{"  whole image (layers + config)",-44} {image,20:N0}");
            Console.WriteLine();
            Console.WriteLine($"model-only push / model layer: {(double)modelOnly / modelLayer:0.00}x (target: at most 1.1x plus manifests; the config blob is {modelOnly - modelLayer:N0} bytes of it)");
            Console.WriteLine($"model-only push / whole image: {(double)modelOnly / image:0.0000}x");
            Console.WriteLine($"Containerize with a warm cache: {warm.Elapsed.TotalSeconds:0.00} s; plain dotnet publish: {publish.Elapsed.TotalSeconds:0.00} s; ratio {warm.Elapsed / publish.Elapsed:0.00}x");
            Console.WriteLine($"model-only change -> Deploy returned: {innerLoop.TotalSeconds:0.00} s (Train {train.TotalSeconds:0.00}, Containerize {containerize.TotalSeconds:0.00}, Push {push.TotalSeconds:0.00}, Deploy {(innerLoop - train - containerize - push).TotalSeconds:0.00}; {result.Outcome})");
            Console.WriteLine($"model-only change -> first answer of the new version through the front: {(newBackendAt is { } at ? $"{at.TotalSeconds:0.00} s" : "never seen")} (target: 4 s; the rest of Deploy retires the old version and smoke-tests)");
            Console.WriteLine($"requests through the redeploy: {answered} answered, {failures.Count} failed (target: 0){(failures.Count > 0 ? ": " + string.Join("; ", failures.Distinct().Take(3)) : "")}; backends in turn: {string.Join(" -> ", backends.Select(backend => $"{backend.Backend} ({backend.At.TotalSeconds:0.00} s)"))}");
            if (codeOnly is { } code)
                Console.WriteLine($"push after a serving-code change: {code.Pushed:N0} bytes; its app layer {code.AppLayer:N0} ({(double)code.Pushed / code.AppLayer:0.000}x: the app layer, the config and nothing else when about 1x)");
            return new Figures(image, modelOnly, modelLayer, innerLoop, newBackendAt, failures.Count);
        }
        finally
        {
            await LocalDeployer.UndeployAsync(tools, CancellationToken.None);
            LocalRegistry.Stop(tools);
            await tools.DeleteStateAsync();
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>The serving project, the model library it references and the repository files their build reads, copied under the workspace.</summary>
    private static string CopyServingSources(string root, string workspace)
    {
        var sources = Path.Combine(workspace, "sources");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "src/Directory.Build.props" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(sources, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(sources, file));
        }

        foreach (var project in new[] { "src/Model", "src/Model.Serving" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*", SearchOption.AllDirectories)
                         .Where(file => !Path.GetRelativePath(root, file).Split('/').Any(part => part is "bin" or "obj")))
            {
                var target = Path.Combine(sources, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return sources;
    }

    /// <summary>The sizes of the layers (in order) and of the config of :latest, from its manifest in the registry.</summary>
    private static async Task<(List<long> Layers, long Config)> BlobSizesAsync(ContainerSettings settings)
    {
        using var http = new HttpClient();
        using var manifest = JsonDocument.Parse(await new RegistryClient(http, settings.Registry).ManifestAsync(settings.ImageRepository, "latest", CancellationToken.None));
        return ([.. manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("size").GetInt64())],
            manifest.RootElement.GetProperty("config").GetProperty("size").GetInt64());
    }

    private sealed record Figures(long Image, long ModelOnly, long ModelLayer, TimeSpan InnerLoop, TimeSpan? NewBackendAt, int Failures);

    private static IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> Render(string root, DeploySettings deploy, ContainerSettings settings, string digest) =>
        ManifestRenderer.Render(Path.Combine(root, deploy.ManifestsDirectory), deploy, $"{settings.ImageName}@{digest}", "bench");

    private static void Train(string root, string workspace, string paramsFile) =>
        ModelTrainer.Train(new TrainingRequest(Path.Combine(root, "data/iris.csv"), Path.Combine(root, paramsFile), Path.Combine(workspace, "artifacts")), null, CancellationToken.None);

    /// <summary>Sum of the sizes of the blobs whose uploads completed during <paramref name="push"/>.</summary>
    internal static async Task<long> UploadedAsync(ContainerTools tools, string registry, Func<Task> push)
    {
        var logFile = LocalRegistry.LogFile(tools, registry);
        var before = File.ReadAllLines(logFile).Length;
        await push();
        await Task.Delay(200);
        var blobs = Path.Combine(LocalRegistry.DataDirectory(tools, registry), "docker", "registry", "v2", "blobs", "sha256");
        return File.ReadAllLines(logFile).Skip(before)
            .Where(line => line.Contains("\"PUT /v2/", StringComparison.Ordinal) && line.Contains("/blobs/uploads/", StringComparison.Ordinal))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "digest=sha256%3A([0-9a-f]{64})"))
            .Where(match => match.Success)
            .Sum(match => new FileInfo(Path.Combine(blobs, match.Groups[1].Value[..2], match.Groups[1].Value, "data")).Length);
    }
}
