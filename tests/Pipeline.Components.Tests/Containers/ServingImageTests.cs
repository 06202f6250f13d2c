using System.Text;
using System.Text.Json;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The config and manifest of the serving image composed from the app image and the model layer.</summary>
public sealed class ServingImageTests
{
    private const string AppConfig = """
        {"created":"2023-11-14T22:13:20Z","architecture":"amd64","os":"linux","config":{"User":"1654","Env":["PATH=/usr/bin","Model__Directory=/app/model"],"Entrypoint":["dotnet","/app/Model.Serving.dll"],"Labels":{"dev.pipeline.base.packages":"libc6=2.36"}},"rootfs":{"type":"layers","diff_ids":["sha256:aaaa","sha256:bbbb"]},"history":[{"created":"2023-11-14T22:13:20Z","created_by":"base"},{"created":"2023-11-14T22:13:20Z","created_by":"COPY app/ /app/"}]}
        """;

    private const string AppManifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:cccc","size":900},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:aaaa","size":171453952},{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:bbbb","size":16188416}]}
        """;

    [Test]
    public void Should_AddTheModelLayerAfterTheAppsLayers_WithTheLabelsAndTheCommitTime_KeepingTheAppsSettings()
    {
        var revision = new SourceRevision("0123456789abcdef0123456789abcdef01234567", "0123456789ab", 1_800_000_000, "https://example.com/repo");

        using var config = JsonDocument.Parse(ServingImage.Config(AppConfig, "sha256:dddd", ServingImage.ModelPath, DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch), ImageBuilder.Labels(revision)));

        var root = config.RootElement;
        Assert.That(root.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(id => id.GetString()), Is.EqualTo(new[] { "sha256:aaaa", "sha256:bbbb", "sha256:dddd" }));
        Assert.That(root.GetProperty("history").GetArrayLength(), Is.EqualTo(3), "one history entry per layer");
        Assert.That(root.GetProperty("created").GetString(), Is.EqualTo("2027-01-15T08:00:00Z"));
        var labels = root.GetProperty("config").GetProperty("Labels");
        Assert.That(labels.GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo(revision.Sha));
        Assert.That(labels.GetProperty("org.opencontainers.image.source").GetString(), Is.EqualTo("https://example.com/repo"));
        Assert.That(labels.GetProperty("dev.pipeline.base.packages").GetString(), Is.EqualTo("libc6=2.36"), "the base's labels stay");
        Assert.That(root.GetProperty("config").GetProperty("User").GetString(), Is.EqualTo("1654"));
    }

    [Test]
    public void Should_PointTheManifestAtTheNewConfig_AndAppendTheModelLayer()
    {
        using var manifest = JsonDocument.Parse(ServingImage.Manifest(AppManifest, ("sha256:eeee", 1234), ("sha256:dddd", 10240)));

        var root = manifest.RootElement;
        Assert.That(root.GetProperty("config").GetProperty("digest").GetString(), Is.EqualTo("sha256:eeee"));
        Assert.That(root.GetProperty("config").GetProperty("size").GetInt64(), Is.EqualTo(1234));
        var layers = root.GetProperty("layers").EnumerateArray().Select(layer => (layer.GetProperty("digest").GetString(), layer.GetProperty("mediaType").GetString())).ToList();
        Assert.That(layers, Is.EqualTo(new[] { ("sha256:aaaa", ModelLayer.MediaType), ("sha256:bbbb", ModelLayer.MediaType), ("sha256:dddd", ModelLayer.MediaType) }));
    }

    [Test]
    public void Should_GiveTheSameConfigBytes_GivenTheSameInputs()
    {
        var revision = new SourceRevision("0123456789abcdef0123456789abcdef01234567", "0123456789ab", 1_800_000_000, "https://example.com/repo");

        var once = ServingImage.Config(AppConfig, "sha256:dddd", ServingImage.ModelPath, DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch), ImageBuilder.Labels(revision));
        var again = ServingImage.Config(AppConfig, "sha256:dddd", ServingImage.ModelPath, DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch), ImageBuilder.Labels(revision));

        Assert.That(Encoding.UTF8.GetString(once), Is.EqualTo(Encoding.UTF8.GetString(again)));
    }

    [Test]
    public void Should_RemoveALayoutAKilledBuildLeftADayAgo_AndKeepOneBeingWritten()
    {
        var layouts = Directory.CreateTempSubdirectory("serving-image-").FullName;
        try
        {
            var left = Directory.CreateDirectory(Path.Combine(layouts, "left-by-a-killed-build"));
            File.WriteAllText(Path.Combine(left.FullName, "model-layer"), "a copy of a model");
            left.LastWriteTimeUtc = DateTime.UtcNow.AddDays(-2);
            var current = Directory.CreateDirectory(Path.Combine(layouts, "being-written"));

            ServingImage.SweepLeftovers(layouts);

            Assert.That(Directory.Exists(left.FullName), Is.False);
            Assert.That(Directory.Exists(current.FullName), Is.True, "another build's layout, being written now");
        }
        finally
        {
            Directory.Delete(layouts, recursive: true);
        }
    }
}
