using System.Text.Json.Nodes;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;
using Pipeline.Components.SupplyChain;
using Pipeline.Components.Train;

namespace Pipeline.Components.Tests.SupplyChain;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ModelBomTests
{
    private const string Digest = "sha256:89a214583d982e6c88a414421bfe3c807b33e9fe67b21486a32bd09a785ce7cf";
    private string root = null!;

    [SetUp]
    public void CreateCheckout()
    {
        root = Directory.CreateTempSubdirectory("pipeline-bom-").FullName;
        Write("data/iris.csv", "sepal,petal,species\n5.1,1.4,setosa\n");
        Write("params.yaml", "train:\n  seed: 42\n  l2_regularization: 0.001\n");
        Write("artifacts/metrics.json", """{ "accuracy": 0.95, "macroF1": 0.948718, "classes": { "setosa": { "f1": 1 } } }""");
        Write("artifacts/model/model.zip", "a model");
        Write("src/Svc/Svc.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web" />""");
        Write("src/Svc/obj/project.assets.json", """{ "libraries": { "Microsoft.ML/4.0.2": { "type": "package" }, "Model/1.0.0": { "type": "project" } } }""");
    }

    [TearDown]
    public void DeleteCheckout() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task Should_DescribeTheImageModelDataAndPackages_AsValidCycloneDx16()
    {
        var bom = await CreateAsync();

        Assert.That(VendoredSchema.CycloneDx.Problems(bom), Is.Empty);
        Assert.That(bom["metadata"]!["component"]!["name"]!.GetValue<string>(), Is.EqualTo("127.0.0.1:5000/team/iris"));
        Assert.That(bom["metadata"]!["component"]!["hashes"]![0]!["content"]!.GetValue<string>(), Is.EqualTo(Digest["sha256:".Length..]));
        var components = bom["components"]!.AsArray();
        var model = components.Single(component => component!["type"]!.GetValue<string>() == "machine-learning-model")!;
        Assert.That(model["modelCard"]!["quantitativeAnalysis"]!["performanceMetrics"]!.AsArray().Select(metric => $"{metric!["type"]}={metric["value"]}"),
            Is.EqualTo(new[] { "accuracy=0.95", "macroF1=0.948718" }), "top-level metrics; per-class ones stay in metrics.json");
        Assert.That(model["modelCard"]!["modelParameters"]!["datasets"]![0]!["ref"]!.GetValue<string>(), Is.EqualTo("data:data/iris.csv"));
        Assert.That(model["properties"]!.AsArray().Select(property => $"{property!["name"]}={property["value"]}"),
            Does.Contain("pipeline:hyperparameter:train.seed=42").And.Contain("pipeline:training-command=python3 train.py"));
        var dataset = components.Single(component => component!["bom-ref"]!.GetValue<string>() == "data:data/iris.csv")!;
        Assert.That(dataset["hashes"]![0]!["content"]!.GetValue<string>(), Is.EqualTo(HashingCopy.HashFile(Path.Combine(root, "data/iris.csv"))), "the hash pipeline.lock records");
        Assert.That(components.Select(component => component!["purl"]?.GetValue<string>()), Does.Contain("pkg:nuget/Microsoft.ML@4.0.2").And.Contain("pkg:deb/debian/python3-sklearn").And.Not.Contain("pkg:nuget/Model@1.0.0"));
    }

    [Test]
    public async Task Should_GiveTheSameSerialNumber_ForTheSameImageAndModel()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();
        Write("artifacts/model/model.zip", "another model");
        var retrained = await CreateAsync();

        Assert.That(second["serialNumber"]!.GetValue<string>(), Is.EqualTo(first["serialNumber"]!.GetValue<string>()));
        Assert.That(retrained["serialNumber"]!.GetValue<string>(), Is.Not.EqualTo(first["serialNumber"]!.GetValue<string>()));
    }

    [Test]
    public async Task Should_BeRefusedByTheSchema_GivenAComponentOfAnUnknownType()
    {
        var bom = await CreateAsync();
        bom["components"]![0]!["type"] = "neural-network";

        Assert.That(VendoredSchema.CycloneDx.Problems(bom), Is.Not.Empty, "the vendored schema bites");
    }

    [Test]
    public async Task Should_ListTheBasesDebianClosureWithVersions_GivenTheLabelsOfAnOfflineBase()
    {
        var labels = new Dictionary<string, string>
        {
            [OfflineBaseImage.PackagesLabel] = "libc6=2.41-12 python3-sklearn=1.6.1+dfsg-1 libssl3t64=3.5.1-1",
            [OfflineBaseImage.DistroLabel] = "debian-13",
        };

        var bom = await CreateAsync(new ImageConfiguration("amd64", labels));
        var unlabelled = await CreateAsync(ImageConfiguration.Unknown);

        Assert.That(VendoredSchema.CycloneDx.Problems(bom), Is.Empty);
        var debian = bom["components"]!.AsArray().Where(component => component!["purl"]?.GetValue<string>().StartsWith("pkg:deb/", StringComparison.Ordinal) == true).ToList();
        Assert.That(debian.Select(component => component!["purl"]!.GetValue<string>()), Is.EqualTo(new[]
        {
            "pkg:deb/debian/libc6@2.41-12?arch=amd64&distro=debian-13",
            "pkg:deb/debian/libssl3t64@3.5.1-1?arch=amd64&distro=debian-13",
            "pkg:deb/debian/python3-sklearn@1.6.1%2Bdfsg-1?arch=amd64&distro=debian-13",
        }), "every package of the base, pinned, not only the ones the build named");
        Assert.That(debian.Select(component => component!["version"]!.GetValue<string>()), Does.Contain("1.6.1+dfsg-1"));
        Assert.That(unlabelled["components"]!.AsArray().Select(component => component!["purl"]?.GetValue<string>()), Does.Contain("pkg:deb/debian/python3-sklearn"),
            "an image without the labels still names the runtime packages the build declares");
    }

    private Task<JsonObject> CreateAsync() => CreateAsync(ImageConfiguration.Unknown);

    private async Task<JsonObject> CreateAsync(ImageConfiguration image)
    {
        var container = new ContainerSettings { ImageRepository = "team/iris", Project = "src/Svc/Svc.csproj", RuntimePackages = ["python3-sklearn"] };
        var train = new TrainSettings { Command = ["python3", "train.py"] };
        var subject = await ModelBomSubject.ReadAsync(AbsolutePath.Create(root), container, train, Digest, "ff1c956255e1", image, TestContext.CurrentContext.CancellationToken);
        return ModelBom.Create(subject, DateTimeOffset.Parse("2026-12-05T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "1.0.0");
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
