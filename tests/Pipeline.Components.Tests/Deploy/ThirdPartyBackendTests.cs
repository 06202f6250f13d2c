using System.Text.Json;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// A deploy back-end written outside the library, with public API only: a component interface that brings it
/// ([DeployBackend&lt;T&gt;]), its own parameter and settings hook; --environment selects it, and Deploy's gate,
/// record, Promote and Status work through it as through the built-in ones.
/// </summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ThirdPartyBackendTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox) => GitOpsSandbox.Prepare(emptySandbox); // manifests, the pushed image, accuracy 0.95

    [Test]
    public async Task Should_DeployThroughTheComponentsBackend_WithItsOwnParameterAndSettings()
    {
        var help = await Sandbox.RunAsync(new FolderBuild(), "--help");
        var deploy = await Sandbox.RunAsync(new FolderBuild(), "Deploy", "--skip", "--environment", "folder", "--deploy-folder", "out");
        var status = await Sandbox.RunAsync(new FolderBuild(), "Status", "--environment", "folder", "--deploy-folder", "out");

        Assert.That(help.Output, Does.Contain("--deploy-folder <string>").And.Contain("Folder the folder back-end copies the rendered manifests into"));
        Assert.That(deploy.ExitCode, Is.Zero, deploy.Output);
        Assert.That(deploy.Output, Does.Contain("Deploy: deployed to folder out (127.0.0.1:5000/pipeline/model-serving@sha256:"));
        Assert.That(Sandbox.Read("out/release.yaml"), Does.Contain("image: 127.0.0.1:5000/pipeline/model-serving@" + GitOpsSandbox.Digest), "the settings hook named the file");
        Assert.That(status.Output, Does.Match(@"\n  folder +ff1c956255e1 +sha256:"));
    }

    [Test]
    public async Task Should_NameTheImageAndContainerAfterTheRepository_WhenTheBuildNamesNeither()
    {
        Sandbox.Environment.Remove("PIPELINE_IMAGE_REPOSITORY");
        var repository = Path.GetFileName(Sandbox.Root);

        var deploy = await Sandbox.RunAsync(new FolderBuild(), "Deploy", "--skip", "--environment", "folder", "--deploy-folder", "out");

        Assert.That(deploy.ExitCode, Is.Zero, deploy.Output);
        Assert.That(deploy.Output, Does.Contain($"(127.0.0.1:5000/{repository}@sha256:").And.Not.Contain("pipeline/model-serving"));
        Assert.That(Sandbox.Read("out/release.yaml"), Does.Contain($"image: 127.0.0.1:5000/{repository}@" + GitOpsSandbox.Digest));
    }

    [Test]
    public async Task Should_DeployAPrebuiltImage_WithNothingTrainedBuiltOrPushed()
    {
        System.IO.File.Delete(Sandbox.PathOf("artifacts/image-digest.txt"));
        const string prebuilt = "registry.example:5000/team/iris@sha256:" + "ab12000000000000000000000000000000000000000000000000000000000000";

        var deploy = await Sandbox.RunAsync(new FolderBuild(), "Deploy", "--skip", "--environment", "folder", "--deploy-folder", "out", "--image", prebuilt);
        var tagged = await Sandbox.RunAsync(new FolderBuild(), "Deploy", "--skip", "--environment", "folder", "--deploy-folder", "out", "--image", "team/iris:latest");

        Assert.That(deploy.ExitCode, Is.Zero, deploy.Output);
        Assert.That(deploy.Output, Does.Contain("Deploying the pre-built image " + prebuilt).And.Match(@"Train\s+│ skipped").And.Match(@"Push\s+│ skipped"));
        Assert.That(Sandbox.Read("out/release.yaml"), Does.Contain("image: " + prebuilt));
        Assert.That(tagged.ExitCode, Is.EqualTo(2), tagged.Output);
        Assert.That(tagged.Output, Does.Contain("--image").And.Contain("REGISTRY/REPOSITORY@sha256:"), "a tag is refused at start-up, naming the form");
    }

    [Test]
    public async Task Should_DeployASignedImage_AndRefuseAnUnsignedOne_BeforeAnythingIsApplied_GivenRequireSignature()
    {
        await using var registry = await SupplyChain.LocalRegistryProcess.StartAsync(Sandbox.PathOf(".registry"), TestContext.CurrentContext.CancellationToken);
        var signed = await registry.PushImageAsync("team/iris", "v1", "signed", TestContext.CurrentContext.CancellationToken);
        var unsigned = await registry.PushImageAsync("team/iris", "v2", "unsigned", TestContext.CurrentContext.CancellationToken);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var artifacts = new Pipeline.Components.SupplyChain.RegistryArtifacts(new HttpClient(), registry.Address, "team/iris", credentials: null);
        await Pipeline.Components.SupplyChain.ImageAttachments.AttachAsync(artifacts, $"{registry.Address}/team/iris", signed, """{"specVersion":"1.6","components":[{"type":"data","name":"data/iris.csv"}]}"""u8.ToArray(), Pipeline.Components.Tests.SupplyChain.SampleProvenance.Statement(signed, "0a1b2c3"), key, new RecordingLog(), TestContext.CurrentContext.CancellationToken);
        string[] Deploy(string digest) => ["Deploy", "--skip", "--environment", "folder", "--deploy-folder", "out", "--image", $"{registry.Address}/team/iris@{digest}",
            "--require-signature", "--verification-key", "verification.pem"];
        Sandbox.Write("verification.pem", key.ExportSubjectPublicKeyInfoPem());

        var refused = await Sandbox.RunAsync(new FolderBuild(), Deploy(unsigned));
        var deployed = await Sandbox.RunAsync(new FolderBuild(), Deploy(signed));
        var inspected = await Sandbox.RunAsync(new FolderBuild(), "Inspect", "--skip", "--image", $"{registry.Address}/team/iris@{signed}", "--verification-key", "verification.pem");
        var inspectedUnsigned = await Sandbox.RunAsync(new FolderBuild(), "Inspect", "--skip", "--image", $"{registry.Address}/team/iris@{unsigned}");

        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Output, Does.Contain($"team/iris@{unsigned} carries no signature").And.Contain("Nothing was applied"));
        Assert.That(deployed.ExitCode, Is.Zero, deployed.Output);
        Assert.That(deployed.Output, Does.Contain("is signed by the --verification-key's key"));
        Assert.That(Sandbox.Read("out/release.yaml"), Does.Contain("@" + signed).And.Not.Contain(unsigned));
        Assert.That(inspected.Output, Does.Contain("CycloneDX 1.6").And.Contain("trained on data/iris.csv").And.Contain(": 1, one verified by --verification-key"), inspected.Output);
        Assert.That(inspectedUnsigned.Output, Does.Contain("Bill of materials (:" + unsigned.Replace(':', '-') + ".sbom): none").And.Contain(".sig): none"), inspectedUnsigned.Output);
    }

    [Test]
    public async Task Should_GateAndPromoteThroughTheComponentsBackend()
    {
        var toTest = await Sandbox.RunAsync(new StagedFolderBuild(), "Deploy", "--skip", "--deploy-folder", "out");
        var promoted = await Sandbox.RunAsync(new StagedFolderBuild(), "Promote", "--promote-from", "test", "--environment-name", "production", "--deploy-folder", "out");
        Sandbox.Write("artifacts/image-digest.txt", "sha256:2222222222222222222222222222222222222222222222222222222222222222\n");
        Sandbox.Write("artifacts/metrics.json", JsonSerializer.Serialize(new { accuracy = 0.9 }));
        await Sandbox.RunAsync(new StagedFolderBuild(), "Deploy", "--skip", "--deploy-folder", "out");
        var refused = await Sandbox.RunAsync(new StagedFolderBuild(), "Promote", "--promote-from", "test", "--environment-name", "production", "--deploy-folder", "out");

        Assert.That(toTest.ExitCode, Is.Zero, toTest.Output);
        Assert.That(promoted.ExitCode, Is.Zero, promoted.Output);
        Assert.That(Sandbox.Read("out/production/release.yaml"), Does.Contain("@" + GitOpsSandbox.Digest));
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Output, Does.Contain("FAIL: 0.05 worse than the champion"));
        Assert.That(Sandbox.Read("out/production/release.yaml"), Does.Contain("@" + GitOpsSandbox.Digest), "production kept the better model");
    }

    /// <summary>What a component author writes: the interface that brings the back-end, its parameter and its settings hook.</summary>
    [DeployBackend<FolderBackend>]
    public interface IFolderDeploy : IDeploy
    {
        [Parameter("Folder the folder back-end copies the rendered manifests into")]
        string DeployFolder => Parameter("deployed");

        FolderSettings ConfigureFolder(FolderSettings settings) => settings;
    }

    public sealed record FolderSettings(string Folder)
    {
        public string FileName { get; init; } = "manifests.yaml";
    }

    /// <summary>Deploys by writing the manifests and the record into a folder (one sub-folder per declared environment).</summary>
    public sealed class FolderBackend(IFolderDeploy build) : IDeployBackend
    {
        public DeployEnvironment Environment { get; } = new("folder");

        private FolderSettings Settings => build.ConfigureFolder(new FolderSettings(build.DeployFolder));

        public async Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
        {
            var folder = Directory.CreateDirectory(FolderOf(request.Target)).FullName;
            if (request.DryRun)
                return null;
            await File.WriteAllTextAsync(Path.Combine(folder, Settings.FileName), request.Manifests, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "record.json"), request.Record.ToJson(), cancellationToken);
            return new DeployResult(DeployOutcome.Deployed, null);
        }

        public async Task<DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken)
        {
            var file = Path.Combine(FolderOf(target), "record.json");
            return File.Exists(file) ? DeployRecord.FromJson(await File.ReadAllTextAsync(file, cancellationToken)) : null;
        }

        public string Describe(DeployTarget target) => $" to folder {Path.GetRelativePath(build.RootDirectory, FolderOf(target))}";

        private string FolderOf(DeployTarget target) => target.Name is { } name ? build.RootDirectory / Settings.Folder / name : build.RootDirectory / Settings.Folder;
    }

    private sealed class FolderBuild : PipelineBuild, IFolderDeploy
    {
        FolderSettings IFolderDeploy.ConfigureFolder(FolderSettings settings) => settings with { FileName = "release.yaml" };
    }

    private sealed class StagedFolderBuild : PipelineBuild, IFolderDeploy
    {
        FolderSettings IFolderDeploy.ConfigureFolder(FolderSettings settings) => settings with { FileName = "release.yaml" };

        IReadOnlyList<DeployStage> IDeploy.Stages =>
        [
            new("test") { Environment = new DeployEnvironment("folder") },
            new("production") { Environment = new DeployEnvironment("folder"), Settings = settings => settings with { Gate = [GateRule.Higher("accuracy") with { MaxRegression = 0.005 }] } },
        ];
    }
}
