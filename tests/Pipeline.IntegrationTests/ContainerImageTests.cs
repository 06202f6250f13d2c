using Pipeline.Build;
using Pipeline.Components.Deploy;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Model.Training;
using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The serving image built by buildah on the offline base, pushed to a real docker-registry on 127.0.0.1,
/// read back over the distribution API, and run with podman. One registry, one trained model for the fixture.
/// </summary>
[NonParallelizable]
[Category("Containers")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ContainerImageTests
{
    private readonly RecordingLog log = new();
    private string workspace = null!;
    private ContainerSettings settings = null!;
    private ContainerTools tools = null!;
    private SourceRevision revision = null!;
    private string pushedDigest = null!;

    /// <summary>Secrets in the environment of the build that made the fixture's image; none may reach a layer.</summary>
    private static readonly Dictionary<string, string> SecretMarkers = new(StringComparer.Ordinal)
    {
        ["GITHUB_TOKEN"] = "marker-github-layer-5e1f0a",
        ["GITLAB_TOKEN"] = "marker-gitlab-layer-c93b27",
    };

    [OneTimeSetUp]
    public async Task BuildAndPush()
    {
        workspace = Directory.CreateTempSubdirectory("container-tests-").FullName;
        foreach (var (name, marker) in SecretMarkers)
            Environment.SetEnvironmentVariable(name, marker); // restored in StopAndDelete; the fixture runs alone
        ModelTrainer.Train(new TrainingRequest(Path.Combine(RepositoryRoot.Path, "data/iris.csv"), RepositoryRoot.FixtureParams, Path.Combine(workspace, "artifacts")), null, TestContext.CurrentContext.CancellationToken);
        settings = new ContainerSettings
        {
            Registry = $"127.0.0.1:{LoopbackPort.Free()}",
            ImageRepository = "pipeline-tests/model-serving",
            ModelDirectory = Path.Combine(workspace, "artifacts/model"),
            StateDirectory = Path.Combine(workspace, "state"),
            ImageFile = Path.Combine(workspace, "artifacts/image.json"),
            DigestFile = Path.Combine(workspace, "artifacts/image-digest.txt"),
        };
        tools = await ContainerTools.ForAsync(AbsolutePath.Create(workspace), settings, log, TestContext.CurrentContext.CancellationToken);
        var head = await SourceRevision.OfAsync(RepositoryRoot.Path, TestContext.CurrentContext.CancellationToken);
        var commit = head.IsDirty ? head.Sha[..^SourceRevision.DirtySuffix.Length] : head.Sha;
        revision = head with { Sha = commit, ShortSha = SourceRevision.Shorten(commit) }; // the commit's, even in a work tree with changes: tags stay predictable
        await ImageBuilder.BuildAsync(AbsolutePath.Create(RepositoryRoot.Path), settings, tools, revision, log, TestContext.CurrentContext.CancellationToken);
        pushedDigest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), settings, tools, null, log, TestContext.CurrentContext.CancellationToken);
    }

    [OneTimeTearDown]
    public async Task StopAndDelete()
    {
        foreach (var name in SecretMarkers.Keys)
            Environment.SetEnvironmentVariable(name, null);
        if (tools is not null)
        {
            LocalRegistry.Stop(tools);
            foreach (var front in Pipeline.Components.Deploy.Local.LocalFront.All(tools.StateDirectory))
                front.Stop();
            await tools.DeleteStateAsync();
        }

        if (Directory.Exists(workspace))
            Directory.Delete(workspace, recursive: true);
    }

    [Test]
    public async Task Should_HaveBothTagsLabelsAndSeparateModelLayer_InTheRegistry()
    {
        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);

        var tags = await http.GetFromJsonAsync<JsonElement>($"http://{settings.Registry}/v2/{settings.ImageRepository}/tags/list");
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(settings.ImageRepository, revision.ShortSha, TestContext.CurrentContext.CancellationToken));
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var config = JsonDocument.Parse(await registry.BlobAsync(settings.ImageRepository, configDigest, TestContext.CurrentContext.CancellationToken));
        var labels = config.RootElement.GetProperty("config").GetProperty("Labels");

        Assert.That(tags.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EquivalentTo(new[] { "latest", revision.ShortSha }));
        Assert.That(await registry.DigestOfAsync(settings.ImageRepository, "latest", TestContext.CurrentContext.CancellationToken), Is.EqualTo(pushedDigest));
        Assert.That(labels.GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo(revision.Sha));
        Assert.That(labels.TryGetProperty("org.opencontainers.image.source", out _), Is.True);
        Assert.That(config.RootElement.GetProperty("config").GetProperty("User").GetString(), Is.EqualTo("1654"));
        Assert.That(manifest.RootElement.GetProperty("layers").GetArrayLength(), Is.EqualTo(3), "base, app, model");
        Assert.That(File.ReadAllText(settings.DigestFile), Does.StartWith(pushedDigest));
    }

    [Test]
    public async Task Should_PushTheModelAsItsOwnImage_WithModelsReadableByItsShell_AndOnlyANewLayerForANewModel()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var root = AbsolutePath.Create(RepositoryRoot.Path);
        var model = settings.ForModelImage() with { ImageFile = Path.Combine(workspace, "artifacts/model-image.json"), DigestFile = Path.Combine(workspace, "artifacts/model-image-digest.txt") };
        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);

        await ModelImageBuilder.BuildAsync(root, model, tools, revision, log, token);
        var digest = await ImagePusher.PushAsync(root, model, tools, null, log, token);
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(model.ImageRepository, revision.ShortSha, token));
        using var config = JsonDocument.Parse(await registry.BlobAsync(model.ImageRepository, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!, token));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!).ToList();
        var listing = await tools.RunAsync("podman", ["run", "--rm", $"{model.ImageName}@{digest}", "sh", "-c", "ls /models && wc -c < /models/model.zip && id -u"], workspace, token, quiet: true);

        // a new model: only the model layer is new, the busybox base is the same blob
        var otherParams = Path.Combine(workspace, "other-params.yaml");
        await File.WriteAllTextAsync(otherParams, (await File.ReadAllTextAsync(RepositoryRoot.FixtureParams, token)).Replace("max_iterations: 30", "max_iterations: 12", StringComparison.Ordinal), token);
        ModelTrainer.Train(new TrainingRequest(Path.Combine(RepositoryRoot.Path, "data/iris.csv"), otherParams, Path.Combine(workspace, "retrained")), null, token);
        var retrained = model with { ModelDirectory = Path.Combine(workspace, "retrained/model") };
        await ModelImageBuilder.BuildAsync(root, retrained, tools, revision, log, token);
        var newDigest = await ImagePusher.PushAsync(root, retrained, tools, null, log, token);
        using var newManifest = JsonDocument.Parse(await registry.ManifestAsync(model.ImageRepository, revision.ShortSha, token));
        var newLayers = newManifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!).ToList();

        Assert.That(layers, Has.Count.EqualTo(2), "busybox base, model");
        Assert.That(config.RootElement.GetProperty("config").GetProperty("Labels").GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo(revision.Sha));
        Assert.That(listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EqualTo(new[] { "model.zip", new FileInfo(Path.Combine(settings.ModelDirectory, "model.zip")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "1654" }));
        Assert.That(newDigest, Is.Not.EqualTo(digest));
        Assert.That(newLayers[0], Is.EqualTo(layers[0]), "the base layer is shared");
        Assert.That(newLayers[1], Is.Not.EqualTo(layers[1]), "the model layer is new");
    }

    [Test]
    public async Task Should_HoldNoSecretOrBuildState_InAnyLayerOrTheConfig_GivenSecretsInTheBuildsEnvironment()
    {
        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(settings.ImageRepository, revision.ShortSha, TestContext.CurrentContext.CancellationToken));
        var blobs = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!)
            .Prepend(manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
        var paths = new List<string>();
        var scannedBytes = 0L;

        foreach (var digest in blobs)
        {
            var blob = await http.GetByteArrayAsync($"http://{settings.Registry}/v2/{settings.ImageRepository}/blobs/{digest}", TestContext.CurrentContext.CancellationToken);
            var contents = new List<(string Place, byte[] Bytes)>();
            if (blob is [0x1f, 0x8b, ..]) // a gzip layer: every file of its tar
            {
                using var tar = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(new MemoryStream(blob), System.IO.Compression.CompressionMode.Decompress));
                while (await tar.GetNextEntryAsync(copyData: false, TestContext.CurrentContext.CancellationToken) is { } entry)
                {
                    paths.Add(entry.Name);
                    using var data = new MemoryStream();
                    if (entry.DataStream is { } stream)
                        await stream.CopyToAsync(data, TestContext.CurrentContext.CancellationToken);
                    contents.Add(($"{digest[..19]}:{entry.Name}", data.ToArray()));
                }
            }
            else
                contents.Add(($"config {digest[..19]}", blob));

            foreach (var (place, bytes) in contents)
            {
                scannedBytes += bytes.Length;
                foreach (var marker in SecretMarkers.Values)
                    Assert.That(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(marker)), Is.EqualTo(-1), $"a secret from the build's environment is in {place}");
            }
        }

        Assert.That(scannedBytes, Is.GreaterThan(50_000_000), "the base, app and model layers were read in full");
        Assert.That(paths, Has.Some.EndsWith("model.zip"), "the model layer was among them");
        Assert.That(paths, Has.None.Contains(".nuke/").And.None.Contains(".git/").And.None.EndsWith("pipeline.lock"), "no build state or repository metadata in the image");
    }

    [Test]
    public async Task Should_UploadNothing_GivenASecondPushOfTheSameBuild()
    {
        var uploadsBefore = Uploads();
        Assert.That(uploadsBefore, Is.GreaterThan(0), "the first push uploaded blobs");

        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), settings, tools, null, log, TestContext.CurrentContext.CancellationToken);

        Assert.That(digest, Is.EqualTo(pushedDigest));
        Assert.That(Uploads(), Is.EqualTo(uploadsBefore));
        Assert.That(log.Lines.Last(), Does.Contain("nothing to push"));
    }

    [Test]
    public async Task Should_ReuseThePublishedAppAndItsLayer_GivenAModelOnlyChange()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var changed = CopyOfTheModel("model-only");
        await File.WriteAllTextAsync(Path.Combine(changed.ModelDirectory, "retrained.txt"), "another model\n", token);
        var linesBefore = log.Lines.Count;

        await ImageBuilder.BuildAsync(AbsolutePath.Create(RepositoryRoot.Path), changed, tools, revision, log, token);
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), changed, tools, null, log, token);

        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);
        var before = await LayersAsync(registry, settings.ImageRepository, pushedDigest, token);
        var after = await LayersAsync(registry, changed.ImageRepository, digest, token);
        Assert.That(log.Lines.Skip(linesBefore), Has.Some.Contains("unchanged since its last publish"), "dotnet publish did not run again");
        Assert.That(after.Take(2), Is.EqualTo(before.Take(2)), "the base and app layers are the same blobs");
        Assert.That(after[2], Is.Not.EqualTo(before[2]), "only the model layer is new");
    }

    [Test]
    public async Task Should_PushOnlyTheModelLayerAndConfigOverHttp_GivenTheSameAppUnderLatest_AndLeaveAModelChangedSinceToBuildah()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var own = CopyOfTheModel("composed-push");
        var model = own.ModelDirectory;
        var repositoryRoot = AbsolutePath.Create(RepositoryRoot.Path);
        await ImageBuilder.BuildAsync(repositoryRoot, own, tools, revision, log, token);
        var first = await ImagePusher.PushAsync(repositoryRoot, own, tools, null, log, token); // nothing under :latest yet: buildah
        await File.WriteAllTextAsync(Path.Combine(model, "retrained.txt"), "a retrained model\n", token);
        await ImageBuilder.BuildAsync(repositoryRoot, own, tools, revision, log, token);
        var linesBefore = log.Lines.Count;

        var second = await ImagePusher.PushAsync(repositoryRoot, own, tools, null, log, token);

        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);
        Assert.That(log.Lines.Skip(linesBefore), Has.Some.Contains("(the model layer and config; the app's layers were there)"));
        var (firstLayers, secondLayers) = (await LayersAsync(registry, own.ImageRepository, first, token), await LayersAsync(registry, own.ImageRepository, second, token));
        Assert.That(secondLayers.Take(2), Is.EqualTo(firstLayers.Take(2)), "the base and app layers are the ones buildah pushed");
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(own.ImageRepository, second, token));
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var config = JsonDocument.Parse(await registry.BlobAsync(own.ImageRepository, configDigest, token));
        var modelLayer = await http.GetByteArrayAsync(new Uri($"http://{settings.Registry}/v2/{own.ImageRepository}/blobs/{secondLayers[2]}"), token);
        using var unzipped = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(modelLayer), System.IO.Compression.CompressionMode.Decompress))
            await gzip.CopyToAsync(unzipped, token);
        Assert.That("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(modelLayer)), Is.EqualTo(secondLayers[2]), "the blob is what the manifest names");
        Assert.That("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(unzipped.ToArray())), Is.EqualTo(config.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[2].GetString()), "the layer unpacks to the diff ID the config names");
        Assert.That(configDigest, Is.EqualTo(JsonSerializer.Deserialize<ImageRecord>(await File.ReadAllTextAsync(own.ImageFile, token), ImageRecord.Json)!.ImageId), "the config is the one in local storage");

        await File.WriteAllTextAsync(Path.Combine(model, "retrained.txt"), "the model folder changed after Containerize\n", token);
        await File.WriteAllTextAsync(Path.Combine(model, "another.txt"), "so local storage, not the folder, holds what was composed\n", token);
        File.Delete(own.DigestFile);
        linesBefore = log.Lines.Count;
        await ImagePusher.PushAsync(repositoryRoot, own, tools, null, log, token);

        Assert.That(log.Lines.Skip(linesBefore), Has.Some.StartWith("Pushed ").And.None.Contains("the app's layers were there"), "buildah pushed the composed image from storage");
    }

    [Test]
    public async Task Should_BuildTheAppImageAgain_GivenItsRecordNamesALayerStorageDoesNotHold()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var changed = CopyOfTheModel("app-image-gone");
        await File.WriteAllTextAsync(Path.Combine(changed.ModelDirectory, "retrained.txt"), "a model built after the app image was pruned\n", token);
        var record = Path.Combine(settings.StateDirectory, "context", "app-image.json");
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(record, token))!;
        var manifest = JsonNode.Parse(recorded["manifest"]!.GetValue<string>())!;
        manifest["layers"]![1]!["digest"] = "sha256:" + new string('0', 64); // a layer pruned from storage since
        recorded["manifest"] = manifest.ToJsonString();
        await File.WriteAllTextAsync(record, recorded.ToJsonString(), token);
        var linesBefore = log.Lines.Count;

        await ImageBuilder.BuildAsync(AbsolutePath.Create(RepositoryRoot.Path), changed, tools, revision, log, token);
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), changed, tools, null, log, token);

        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);
        Assert.That(log.Lines.Skip(linesBefore), Has.Some.Contains("is no longer in local storage: building it again"));
        Assert.That((await LayersAsync(registry, changed.ImageRepository, digest, token)).Take(2), Is.EqualTo((await LayersAsync(registry, settings.ImageRepository, pushedDigest, token)).Take(2)), "the app image built again has the same layers");
        Assert.That(await File.ReadAllTextAsync(record, token), Does.Not.Contain(new string('0', 64)), "the record names the app image built again");
    }

    [Test]
    public async Task Should_LayTheModelOnTheAppImageOfAUserContainerfile_AndBuildTheAppAgainOnlyWhenWhatItCopiesChanges()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var root = Directory.CreateDirectory(Path.Combine(workspace, "own-model")).FullName;
        var model = Directory.CreateDirectory(Path.Combine(root, "artifacts", "model")).FullName;
        await File.WriteAllTextAsync(Path.Combine(model, "model.json"), "{\"version\":1}\n", token);
        await File.WriteAllTextAsync(Path.Combine(root, "serve.py"), "print('v1')\n", token);
        await File.WriteAllTextAsync(Path.Combine(root, "Containerfile"),
            $"FROM {settings.ImageName}:{revision.ShortSha}\nCOPY serve.py /srv/serve.py\nCOPY artifacts/model/ /models/\nENV MODEL_PATH=/models/model.json\nUSER 1654\n", token);
        var own = settings with
        {
            Containerfile = "Containerfile",
            ModelDirectory = "artifacts/model",
            ImageRepository = "pipeline-tests/own-model",
            ImageFile = Path.Combine(root, "image.json"),
            DigestFile = Path.Combine(root, "image-digest.txt"),
        };
        var appRecord = Path.Combine(settings.StateDirectory, "own-app-image", "pipeline-tests_own-model", "app-image.json");
        using var http = new HttpClient();
        var registry = new RegistryClient(http, settings.Registry);

        var first = await LayersAsync(registry, own.ImageRepository, await BuildAndPushAsync(), token);
        var appImage = await File.ReadAllTextAsync(appRecord, token);
        await File.WriteAllTextAsync(Path.Combine(model, "model.json"), "{\"version\":2}\n", token);
        var linesBefore = log.Lines.Count;
        var secondDigest = await BuildAndPushAsync();
        var second = await LayersAsync(registry, own.ImageRepository, secondDigest, token);

        Assert.That(await File.ReadAllTextAsync(appRecord, token), Is.EqualTo(appImage), "a model change builds no app image");
        Assert.That(log.Lines.Skip(linesBefore), Has.Some.Contains("(the model layer and config; the app's layers were there)"));
        Assert.That(second.SkipLast(1), Is.EqualTo(first.SkipLast(1)), "the base and the Containerfile's own layers are the same blobs");
        Assert.That(second[^1], Is.Not.EqualTo(first[^1]));
        var entries = await ModelLayerEntriesAsync(second[^1]);
        Assert.That(entries.Select(entry => entry.Name), Is.EqualTo(new[] { "models/", "models/model.json" }));
        Assert.That(entries.Select(entry => (entry.Uid, entry.Gid)), Is.All.EqualTo((0, 0)), "root-owned, as COPY without --chown makes them");
        Assert.That(entries[1].Content, Is.EqualTo("{\"version\":2}\n"));
        var config = await tools.RunAsync("buildah", ["inspect", "--type", "image", "--format", "{{.OCIv1.Config.User}} {{.OCIv1.Config.Env}} {{index .OCIv1.Config.Labels \"org.opencontainers.image.revision\"}}", $"{own.ImageName}:latest"], workspace, token, quiet: true);
        Assert.That(config, Does.StartWith("1654 ").And.Contain("MODEL_PATH=/models/model.json").And.Contain(revision.Sha), "the settings after the model's COPY and the labels are kept");

        await File.WriteAllTextAsync(Path.Combine(root, "serve.py"), "print('v2')\n", token);
        var third = await LayersAsync(registry, own.ImageRepository, await BuildAndPushAsync(), token);

        Assert.That(await File.ReadAllTextAsync(appRecord, token), Is.Not.EqualTo(appImage), "a change to a file the Containerfile copies builds the app image again");
        Assert.That(third[^2], Is.Not.EqualTo(second[^2]), "the serving script's layer is new");
        Assert.That(third.SkipLast(2), Is.EqualTo(second.SkipLast(2)));

        async Task<string> BuildAndPushAsync()
        {
            await ImageBuilder.BuildAsync(AbsolutePath.Create(root), own, tools, revision, log, token);
            return await ImagePusher.PushAsync(AbsolutePath.Create(root), own, tools, null, log, token);
        }

        async Task<List<(string Name, int Uid, int Gid, string Content)>> ModelLayerEntriesAsync(string layer)
        {
            var blob = await http.GetByteArrayAsync(new Uri($"http://{settings.Registry}/v2/{own.ImageRepository}/blobs/{layer}"), token);
            await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(blob), System.IO.Compression.CompressionMode.Decompress);
            using var tar = new System.Formats.Tar.TarReader(gzip);
            var entries = new List<(string, int, int, string)>();
            while (await tar.GetNextEntryAsync(copyData: true, token) is { } entry)
                entries.Add((entry.Name, entry.Uid, entry.Gid, entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync(token)));
            return entries;
        }
    }

    /// <summary>The fixture's settings with a copy of its model in a folder of <paramref name="name"/>, pushed to a repository of that name.</summary>
    private ContainerSettings CopyOfTheModel(string name)
    {
        var root = Path.Combine(workspace, name);
        var model = Directory.CreateDirectory(Path.Combine(root, "model")).FullName;
        foreach (var file in Directory.GetFiles(settings.ModelDirectory))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        return settings with { ModelDirectory = model, ImageRepository = $"pipeline-tests/{name}", ImageFile = Path.Combine(root, "image.json"), DigestFile = Path.Combine(root, "image-digest.txt") };
    }

    private static async Task<List<string>> LayersAsync(RegistryClient registry, string repository, string digest, CancellationToken cancellationToken)
    {
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(repository, digest, cancellationToken));
        return manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!).ToList();
    }

    [Test]
    public async Task Should_AnswerPredictOnLoopback_WhenRunWithPodman()
    {
        var port = LoopbackPort.Free();
        var name = $"pipeline-test-{port}";
        await tools.RunAsync("podman", ["run", "-d", "--rm", "--name", name, "-p", $"127.0.0.1:{port}:8080", $"{settings.ImageName}:{revision.ShortSha}"], workspace, TestContext.CurrentContext.CancellationToken, quiet: true);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var healthy = false;
            for (var attempt = 0; attempt < 50 && !healthy; attempt++)
            {
                try
                {
                    healthy = (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, TestContext.CurrentContext.CancellationToken);
                }
            }

            var response = await http.PostAsJsonAsync("/predict", new { sepalLength = 6.7, sepalWidth = 3.0, petalLength = 5.2, petalWidth = 2.3 });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.That(healthy, Is.True);
            Assert.That(body.GetProperty("species").GetString(), Is.EqualTo("virginica"));
        }
        finally
        {
            await tools.RunAsync("podman", ["rm", "-f", name], workspace, TestContext.CurrentContext.CancellationToken, quiet: true);
        }
    }

    [Test]
    public async Task Should_RefuseARegistryWithAnUntrustedCertificate_AndPushOverVerifiedTls_GivenItsCa()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var directory = Path.Combine(workspace, "tls");
        using var registry = await TlsRegistry.StartAsync(directory, token);
        var image = $"{registry.Address}/pipeline-tests/tls";
        await tools.RunAsync("buildah", ["tag", $"{settings.ImageName}:latest", $"{image}:latest"], workspace, token, quiet: true);
        var imageId = await tools.RunAsync("buildah", ["images", "--noheading", "--no-trunc", "--format", "{{.ID}}", $"{image}:latest"], workspace, token, quiet: true);
        var tls = settings with
        {
            Registry = registry.Address,
            ImageRepository = "pipeline-tests/tls",
            ImageFile = Path.Combine(directory, "image.json"),
            DigestFile = Path.Combine(directory, "image-digest.txt"),
        };
        await File.WriteAllTextAsync(tls.ImageFile, JsonSerializer.Serialize(new ImageRecord(image, ["latest"], revision.Sha, imageId.Split('\n')[0].Trim()), ImageRecord.Json), token);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => ImagePusher.PushAsync(AbsolutePath.Create(workspace), tls, tools, null, log, token));
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(workspace), tls with { RegistryCa = registry.CaFile }, tools, null, log, token);

        Assert.That(tls.IsLocalRegistry, Is.False);
        Assert.That(refused!.Message, Does.Contain("does not trust").And.Contain("--registry-ca"));
        Assert.That(digest, Does.StartWith("sha256:"));
        var tags = await Pipeline.Components.SharedHttp.RegistryTrusting(registry.CaFile).GetStringAsync(new Uri($"https://{registry.Address}/v2/pipeline-tests/tls/tags/list"), token);
        Assert.That(tags, Does.Contain("latest"), "the image arrived over TLS, verified against the CA");
    }

    [Test]
    public async Task Should_BuildAUserContainerfile_WithTheSameTagsAndLabels()
    {
        var (own, record) = await BuildOwnImageAsync();

        Assert.That(record.Tags, Is.EqualTo(new[] { "latest", revision.ShortSha }));
        var labels = await tools.RunAsync("buildah", ["inspect", "--type", "image", "--format", "{{index .OCIv1.Config.Labels \"org.opencontainers.image.revision\"}}", $"{own.ImageName}:latest"], workspace, TestContext.CurrentContext.CancellationToken, quiet: true);
        Assert.That(labels, Does.Contain(revision.Sha));
    }

    [Test]
    public async Task Should_TagADirtyBuildByItsContent_ThenTagTheSameImageWithTheCommitAfterIt_WithoutARebuild()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var root = Directory.CreateDirectory(Path.Combine(workspace, "dirty")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "Containerfile"), $"FROM {settings.ImageName}:{revision.ShortSha}\nCOPY extra.txt /app/extra.txt\n", token);
        await File.WriteAllTextAsync(Path.Combine(root, "notes.txt"), "not an input\n", token);
        await Git(root, "init", "-q", "-b", "main");
        await Git(root, "add", "Containerfile");
        await Git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Containerfile");
        var own = settings with
        {
            Containerfile = "Containerfile",
            ImageRepository = "pipeline-tests/dirty",
            ImageFile = Path.Combine(root, "image.json"),
            DigestFile = Path.Combine(root, "image-digest.txt"),
        };
        var clean = await SourceRevision.OfAsync(root, own.Inputs(root), token);
        await File.WriteAllTextAsync(Path.Combine(root, "extra.txt"), "first\n", token); // an untracked input: the image is not the commit's

        var first = await BuildAsync();
        var again = await BuildAsync();
        await File.WriteAllTextAsync(Path.Combine(root, "extra.txt"), "second\n", token);
        var changed = await BuildAsync();
        await Git(root, "add", "extra.txt");
        await Git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "extra");
        var committed = await SourceRevision.OfAsync(root, own.Inputs(root), token);
        var imageFileBeforePush = await File.ReadAllTextAsync(own.ImageFile, token);
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(root), own, tools, null, log, token, retagToCommit: true);
        var taggedOnce = log.Lines.Count(line => line.Contains($"as :{committed.ShortSha}: commit", StringComparison.Ordinal));
        var secondPush = await ImagePusher.PushAsync(AbsolutePath.Create(root), own, tools, null, log, token, retagToCommit: true);
        var pushed = await Pipeline.Components.Deploy.PushedImage.ReadAsync(AbsolutePath.Create(root), own, token);

        Assert.That(clean.IsDirty, Is.False, "an untracked file that is no input leaves the commit clean");
        Assert.That(first.Tags[^1], Does.Match($"^{clean.ShortSha}-dirty-[0-9a-f]{{12}}$"));
        Assert.That(again.Tags[^1], Is.EqualTo(first.Tags[^1]), "the same content: the same tag");
        Assert.That(changed.Tags[^1], Does.StartWith(clean.ShortSha + "-dirty-").And.Not.EqualTo(first.Tags[^1]), "other content under the same commit: another tag");
        Assert.That(log.Lines, Has.Some.Contains($"as :{committed.ShortSha}: commit {committed.ShortSha} holds what the image was built from"));
        Assert.That(await File.ReadAllTextAsync(own.ImageFile, token), Is.EqualTo(imageFileBeforePush), "Containerize's record is left as it wrote it, so Containerize stays up to date");
        Assert.That(await File.ReadAllLinesAsync(own.DigestFile, token), Is.EqualTo(new[] { digest, changed.ImageId, committed.Sha }), "Push records the commit it tagged the same image with: no rebuild");
        Assert.That(pushed.Revision, Is.EqualTo(committed.ShortSha), "Deploy names the commit");
        Assert.That(secondPush, Is.EqualTo(digest));
        Assert.That(taggedOnce, Is.EqualTo(1));
        Assert.That(log.Lines.Count(line => line.Contains($"as :{committed.ShortSha}: commit", StringComparison.Ordinal)), Is.EqualTo(1), "a second push tags nothing again");
        using var http = new HttpClient();
        Assert.That(await new RegistryClient(http, settings.Registry).DigestOfAsync(own.ImageRepository, committed.ShortSha, token), Is.EqualTo(digest));

        async Task<ImageRecord> BuildAsync() =>
            await ImageBuilder.BuildAsync(AbsolutePath.Create(root), own, tools, await SourceRevision.OfAsync(root, own.Inputs(root), token), log, token);
    }

    private static async Task Git(string directory, params string[] arguments)
    {
        var (exitCode, output) = await Processes.RunAsync("git", arguments, directory, TestContext.CurrentContext.CancellationToken);
        Assert.That(exitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {output}");
    }

    /// <summary>A second image from a Containerfile of its own: the served image plus one file (a new digest).</summary>
    private async Task<(ContainerSettings Settings, ImageRecord Record)> BuildOwnImageAsync(string name = "own", string extraInstruction = "")
    {
        var root = Path.Combine(workspace, name);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "extra.txt"), "extra\n");
        await File.WriteAllTextAsync(Path.Combine(root, "Containerfile"), $"FROM {settings.ImageName}:{revision.ShortSha}\nCOPY extra.txt /app/extra.txt\n{extraInstruction}");
        var own = settings with
        {
            Containerfile = "Containerfile",
            ImageRepository = $"pipeline-tests/{name}",
            ImageFile = Path.Combine(root, "image.json"),
            DigestFile = Path.Combine(root, "image-digest.txt"),
        };
        return (own, await ImageBuilder.BuildAsync(AbsolutePath.Create(root), own, tools, revision, log, TestContext.CurrentContext.CancellationToken));
    }

    [Test]
    public async Task Should_SayTheBaseImageCannotBePulled_GivenOneThatDoesNotExist()
    {
        var missing = settings with { BaseImage = $"{settings.Registry}/nowhere/missing:1", ImageRepository = "pipeline-tests/broken", ImageFile = Path.Combine(workspace, "broken.json") };

        var error = await Assert.ThrowsAsync<ImageBuildException>(() => ImageBuilder.BuildAsync(AbsolutePath.Create(RepositoryRoot.Path), missing, tools, revision, log, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain($"The base image {settings.Registry}/nowhere/missing:1 could not be pulled"));
    }

    [Test]
    public async Task Should_DeployLocally_ThenReportUnchanged_ThenReplaceThePodForANewDigest()
    {
        var deploy = new Pipeline.Components.Deploy.DeploySettings { Container = "model-serving", SmokeBody = """{"sepalLength":6.7,"sepalWidth":3.0,"petalLength":5.2,"petalWidth":2.3}""", ManifestsDirectory = "kubernetes", LocalPort = LoopbackPort.Free(), RolloutTimeout = TimeSpan.FromSeconds(60) };
        var manifests = Path.Combine(RepositoryRoot.Path, "kubernetes");
        try
        {
            var first = await Pipeline.Components.Deploy.LocalDeployer.DeployAsync(tools, Render(pushedDigest), deploy, log, TestContext.CurrentContext.CancellationToken);
            var second = await Pipeline.Components.Deploy.LocalDeployer.DeployAsync(tools, Render(pushedDigest), deploy, log, TestContext.CurrentContext.CancellationToken);
            var (own, _) = await BuildOwnImageAsync();
            var ownDigest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), own, tools, null, log, TestContext.CurrentContext.CancellationToken);
            using var redeployed = new CancellationTokenSource();
            var client = RequestLoop.RunAsync(new Uri($"http://127.0.0.1:{deploy.LocalPort}/healthz"), Pipeline.Components.Deploy.Local.LocalFront.BackendHeader, redeployed.Token);
            var third = await Pipeline.Components.Deploy.LocalDeployer.DeployAsync(tools, Pipeline.Components.Deploy.ManifestRenderer.Render(manifests, deploy, $"{settings.Registry}/pipeline-tests/own@{ownDigest}", "own"), deploy, log, TestContext.CurrentContext.CancellationToken);
            await redeployed.CancelAsync();
            var (answered, failures, backends) = await client;
            await TestContext.Out.WriteLineAsync($"redeploy under load: {answered} requests answered, {failures.Count} failed, backends {string.Join(" -> ", backends)}");
            var running = await tools.RunAsync("podman", ["ps", "-a", "--format", "{{.Image}}"], workspace, TestContext.CurrentContext.CancellationToken, quiet: true);

            Assert.That((first.Outcome, second.Outcome, third.Outcome), Is.EqualTo((DeployOutcome.Deployed, DeployOutcome.Unchanged, DeployOutcome.Deployed)));
            Assert.That(first.SmokeAnswer, Does.Contain("\"species\":\"virginica\""));
            Assert.That(running, Does.Contain(ownDigest).And.Not.Contain(pushedDigest), "the old version's containers are stopped and removed, not only stopped");
            Assert.That(failures, Is.Empty, $"every request during the redeploy was answered ({answered} answered)");
            Assert.That(backends.Distinct().Count(), Is.EqualTo(2), "two versions answered");
            Assert.That(backends[^1], Is.Not.EqualTo(backends[0]), "the old version answered first, the new one last (both for a moment while the old worker drains)");
        }
        finally
        {
            await Pipeline.Components.Deploy.LocalDeployer.UndeployAsync(tools, TestContext.CurrentContext.CancellationToken);
        }

        IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> Render(string digest) =>
            Pipeline.Components.Deploy.ManifestRenderer.Render(manifests, deploy, $"{settings.ImageName}@{digest}", revision.ShortSha);
    }

    [Test]
    public async Task Should_RunTwoDeclaredEnvironmentsSideBySide_AndUndeployOneAlone()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var test = new DeploySettings { Container = "model-serving", ManifestsDirectory = "kubernetes", LocalPort = LoopbackPort.Free(), RolloutTimeout = TimeSpan.FromSeconds(60) };
        var production = test with { LocalPort = LoopbackPort.Free() };
        var manifests = Path.Combine(RepositoryRoot.Path, "kubernetes");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var toTest = await LocalDeployer.DeployAsync(tools, ManifestRenderer.Render(manifests, test, $"{settings.ImageName}@{pushedDigest}", revision.ShortSha), test, log, token, "test");
            var toProduction = await LocalDeployer.DeployAsync(tools, ManifestRenderer.Render(manifests, production, $"{settings.ImageName}@{pushedDigest}", revision.ShortSha), production, log, token, "production");
            var pods = await tools.RunAsync("podman", ["pod", "ps", "--format", "{{.Name}}"], workspace, token, quiet: true);
            var bothAnswer = (await http.GetAsync($"http://127.0.0.1:{test.LocalPort}/healthz", token)).StatusCode == HttpStatusCode.OK
                             && (await http.GetAsync($"http://127.0.0.1:{production.LocalPort}/healthz", token)).StatusCode == HttpStatusCode.OK;
            var stoppedTest = await LocalDeployer.UndeployAsync(tools, token, "test");
            var productionAfter = await http.GetAsync($"http://127.0.0.1:{production.LocalPort}/healthz", token);

            Assert.That((toTest.Outcome, toProduction.Outcome), Is.EqualTo((DeployOutcome.Deployed, DeployOutcome.Deployed)), "the second environment did not replace the first");
            Assert.That(pods, Does.Contain("model-serving-test-blue-pod").And.Contain("model-serving-production-blue-pod"));
            Assert.That(bothAnswer, Is.True, "each environment answers on its own port");
            Assert.That(stoppedTest, Is.True);
            Assert.That(productionAfter.StatusCode, Is.EqualTo(HttpStatusCode.OK), "undeploying test left production answering");
            Assert.That(LoopbackPorts.IsFree(test.LocalPort), Is.True, "test's front was stopped");
        }
        finally
        {
            await LocalDeployer.UndeployAsync(tools, token, "test");
            await LocalDeployer.UndeployAsync(tools, token, "production");
        }
    }

    [Test]
    public async Task Should_KeepThePreviousVersionAnswering_GivenABusyPortOrANewVersionThatCrashes()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var deploy = new DeploySettings { Container = "model-serving", ManifestsDirectory = "kubernetes", LocalPort = LoopbackPort.Free(), RolloutTimeout = TimeSpan.FromSeconds(240) }; // a crash loop ends the wait long before
        var manifests = Path.Combine(RepositoryRoot.Path, "kubernetes");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri($"http://127.0.0.1:{deploy.LocalPort}/healthz");
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;
        try
        {
            await LocalDeployer.DeployAsync(tools, ManifestRenderer.Render(manifests, deploy, $"{settings.ImageName}@{pushedDigest}", revision.ShortSha), deploy, log, token);

            var portTaken = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                LocalDeployer.DeployAsync(tools, ManifestRenderer.Render(manifests, deploy, $"{settings.ImageName}@{pushedDigest}", revision.ShortSha), deploy with { LocalPort = busyPort }, log, token));
            var afterBusyPort = await http.GetAsync(health, token);

            var (crashing, _) = await BuildOwnImageAsync("crashing", "ENV Model__Directory=/nowhere\n");
            var crashingDigest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), crashing, tools, null, log, token);
            var crashed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                LocalDeployer.DeployAsync(tools, ManifestRenderer.Render(manifests, deploy, $"{settings.Registry}/pipeline-tests/crashing@{crashingDigest}", "crashing"), deploy, log, token));
            var afterCrash = await http.GetAsync(health, token);
            var running = await tools.RunAsync("podman", ["ps", "--format", "{{.Image}}"], workspace, token, quiet: true);

            Assert.That(portTaken!.Message, Does.Contain($"Port {busyPort} on 127.0.0.1 is in use by another process: nothing was changed").And.Contain($"keeps answering on 127.0.0.1:{deploy.LocalPort}"));
            Assert.That(afterBusyPort.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the running version survived the busy port");
            Assert.That(crashed!.Outcome, Is.EqualTo(DeployOutcome.RolledBack));
            Assert.That(crashed.Message, Does.Contain("CrashLoopBackOff").And.Contain("restarted").And.Contain("No trained model").And.Contain("keeps answering"));
            Assert.That(afterCrash.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the running version survived the crashing one");
            Assert.That(running, Does.Contain(pushedDigest).And.Not.Contain(crashingDigest), "the crashing candidate was removed");
        }
        finally
        {
            busy.Stop();
            await LocalDeployer.UndeployAsync(tools, token);
        }
    }

    [Test]
    public async Task Should_SayTheRegistryIsGone_ThenPushWhatIsMissing_GivenTheRegistryKilledBetweenBuildAndPush()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var (own, _) = await BuildOwnImageAsync("after-kill", "LABEL after=kill\n");
        Assert.That(LocalRegistry.Stop(tools), Is.True, "ours, so it may be stopped");

        var gone = await Assert.ThrowsAsync<RegistryException>(() => ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), own, tools, null, log, token));
        await LocalRegistry.EnsureRunningAsync(tools, settings.Registry, log, token);
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), own, tools, null, log, token);

        Assert.That(gone!.Message, Does.Contain($"The registry {settings.Registry} is unreachable").And.Contain("./build.sh Push"));
        Assert.That(digest, Does.StartWith("sha256:"));
        using var http = new HttpClient();
        Assert.That(await new RegistryClient(http, settings.Registry).DigestOfAsync(settings.ImageRepository, "latest", token), Is.EqualTo(pushedDigest), "the registry's data outlived the kill");
    }

    [Test]
    public async Task Should_RecordNothing_ThenPushTheWholeImage_GivenTheRegistryKilledMidPush()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var root = Path.Combine(workspace, "mid-push");
        Directory.CreateDirectory(root);
        var fresh = settings with { Registry = $"127.0.0.1:{LoopbackPort.Free()}", ImageFile = Path.Combine(root, "image.json"), DigestFile = Path.Combine(root, "image-digest.txt") };
        await ImageBuilder.BuildAsync(AbsolutePath.Create(RepositoryRoot.Path), fresh, tools, revision, log, token);
        await LocalRegistry.EnsureRunningAsync(tools, fresh.Registry, log, token); // empty: every layer must be uploaded
        var registryLog = LocalRegistry.LogFile(tools, fresh.Registry);

        var push = ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), fresh, tools, null, log, token);
        while (!push.IsCompleted && !(File.Exists(registryLog) && File.ReadAllText(registryLog).Contains("/blobs/uploads/", StringComparison.Ordinal)))
            await Task.Delay(1, token);
        Assert.That(push.IsCompleted, Is.False, "the registry is killed while blobs are being uploaded");
        LocalRegistry.Stop(tools); // SIGKILL, of the fixture's shared registry too
        RegistryException? gone;
        try
        {
            gone = await Assert.ThrowsAsync<RegistryException>(() => push);
        }
        finally
        {
            await LocalRegistry.EnsureRunningAsync(tools, settings.Registry, log, token); // the other tests need it, whatever this one saw
        }

        var recordedAfterKill = File.Exists(fresh.DigestFile);
        await LocalRegistry.EnsureRunningAsync(tools, fresh.Registry, log, token);
        var digest = await ImagePusher.PushAsync(AbsolutePath.Create(RepositoryRoot.Path), fresh, tools, null, log, token);

        Assert.That(gone!.Message, Does.Contain(fresh.Registry).And.Contain("./build.sh Push"));
        Assert.That(recordedAfterKill, Is.False, "no digest is recorded for a push that did not finish");
        using var http = new HttpClient();
        var registry = new RegistryClient(http, fresh.Registry);
        Assert.That(await registry.DigestOfAsync(fresh.ImageRepository, "latest", token), Is.EqualTo(digest));
        using var manifest = JsonDocument.Parse(await registry.ManifestAsync(fresh.ImageRepository, revision.ShortSha, token));
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{fresh.Registry}/v2/{fresh.ImageRepository}/blobs/{layer.GetProperty("digest").GetString()}"), token);
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK), "every layer is whole in the registry after the second push");
        }
    }

    /// <summary>Blob upload requests in the registry's log: each one is bytes sent.</summary>
    private int Uploads() =>
        File.ReadAllLines(LocalRegistry.LogFile(tools, settings.Registry)).Count(line => line.Contains("\"PUT /v2/", StringComparison.Ordinal) && line.Contains("/blobs/uploads/", StringComparison.Ordinal));

}
