using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// This repository's generated .gitlab-ci.yml executed by gitlab-ci-local with podman as container executable: every
/// job in an unprivileged container of a Debian 13 runner image that has no buildah, podman or Node (the stand-in for
/// the .NET SDK image), setting itself up. Containerize builds the image on a base resolved from Debian 13's packages,
/// Push sends it over verified TLS to a real registry, Deploy applies it to the fake cluster with the compiled build only.
/// </summary>
[NonParallelizable]
[Category("Containers")]
[CancelAfter(1_800_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ContainerisedGitLabPipelineTests
{
    private DebianRunnerImage image = null!;
    private string work = null!;
    private string clone = null!;
    private TlsRegistry registry = null!;
    private FakeKubernetes cluster = null!;
    private string podmanCalls = null!;
    private string wrapper = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        image = await DebianRunnerImage.EnsureAsync(token);
        work = Directory.CreateTempSubdirectory("containerised-ci-").FullName;
        registry = await TlsRegistry.StartAsync(Path.Combine(work, "registry"), token);
        cluster = await FakeKubernetes.StartAsync();
        cluster.ExternalIp = "127.0.0.1";
        cluster.ServesTheModel = true; // the Service's port below is the fake's own: the smoke test reaches it
        clone = await CloneAsync(Path.Combine(work, "repository"), token);
        Directory.CreateDirectory(Path.Combine(work, "kube"));
        await File.WriteAllTextAsync(Path.Combine(work, "kube/config"), cluster.Kubeconfig("ci-token"), token);
        // every podman call gitlab-ci-local makes, logged, on the tests' storage: what the job containers were started with
        podmanCalls = Path.Combine(work, "podman-calls.log");
        wrapper = Path.Combine(work, "podman");
        await File.WriteAllTextAsync(wrapper, $"""
            #!/bin/sh
            printf '%s\n' "$*" >> '{podmanCalls}'
            export CONTAINERS_CONF='{image.PodmanEnvironment["CONTAINERS_CONF"]}' CONTAINERS_STORAGE_CONF='{image.PodmanEnvironment["CONTAINERS_STORAGE_CONF"]}'
            exec podman "$@"
            """, token);
        await Cli.Wrap("chmod").WithArguments(["+x", wrapper]).ExecuteAsync(token);
    }

    /// <summary>The job containers and volumes a pipeline leaves in the tests' storage: gigabytes per pipeline where overlay cannot mount.</summary>
    [TearDown]
    public async Task RemoveJobContainers()
    {
        await image.PodmanAsync(["rm", "--all", "--force"], CancellationToken.None, check: false);
        await image.PodmanAsync(["volume", "prune", "--force"], CancellationToken.None, check: false);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        registry?.Dispose();
        if (cluster is not null)
            await cluster.DisposeAsync();
        if (work is not null && Directory.Exists(work))
            Directory.Delete(work, recursive: true);
    }

    [Test]
    public async Task Should_RunEveryMainJobInAnUnprivilegedDebian13Container_BuildingPushingAndDeployingForReal()
    {
        var started = DateTime.UtcNow;
        await using var gitlab = new FakeGitLabNotes("glpat-ci-token") { MergedRequest = 12 };
        var result = await RunAsync(["--variable", "CI_COMMIT_BRANCH=main", "--variable", $"CI_API_V4_URL={gitlab.ApiUrl}", "--variable", "CI_PROJECT_ID=42", "--variable", "GITLAB_TOKEN=glpat-ci-token",
            "check-ci", "train", "containerize", "push", "deploy", "promote"]);
        var output = result.StandardOutput + result.StandardError;
        TestContext.Out.WriteLine($"containerised main pipeline: {(DateTime.UtcNow - started).TotalSeconds:F0} s");

        Assert.That(result.ExitCode, Is.Zero, output);
        Assert.That(StartedJobs(output), Is.EqualTo(new[] { "check-ci", "train", "containerize", "push", "deploy", "promote" }));
        Assert.That(StartedImages(output), Has.All.EqualTo(image.Name), "every job ran in the runner image");
        Assert.That((await image.PodmanAsync(["run", "--rm", image.Name, "sh", "-c", "command -v buildah || command -v podman || command -v node || echo none"], TestContext.CurrentContext.CancellationToken)).StandardOutput.Trim(), Is.EqualTo("none"), "the job image brings no container tool and no Node");
        Assert.That(output, Does.Match(@"containerize\s+> Building the offline base image \S+ \(\d+ packages from the Debian GNU/Linux 13 \(trixie\) index"));
        Assert.That(output, Does.Match(@"containerize\s+> Base image packages: .*libssl3t64=.*libicu76="));
        Assert.That(output, Does.Match(@"containerize\s+> Installing buildah, skopeo, netavark"), "the job set itself up");
        Assert.That(output, Does.Match($@"push\s+> Pushed {Regex.Escape(registry.Address)}/\S+/model-serving:\S+ -> sha256:[0-9a-f]{{64}}"));
        Assert.That(output, Does.Match(@"push\s+> Attached the SLSA provenance to \S+ as :sha256-[0-9a-f]{64}\.att"), "the job attached its provenance");
        Assert.That(output, Does.Match(@"deploy\s+> - Containerize skipped \(--skip\)"), "Deploy needs only the compiled build");
        Assert.That(output, Does.Match(@"deploy\s+> Deploy: deployed to test to namespace default"));
        Assert.That(output, Does.Match(@"promote\s+> Promote: deployed to production to namespace production"), "the approved job moved test's digest to production");
        Assert.That(output, Does.Not.Match(@"promote\s+> ▶ (Containerize|Push|Train)"), "promotion builds, trains and pushes nothing");
        Assert.That(cluster.CurrentImage, Does.StartWith($"{registry.Address}/pipeline/model-serving@sha256:"), "the cluster runs the pushed digest");
        Assert.That(ImageIn("production"), Is.EqualTo(ImageIn("default")), "production runs the digest test runs");
        Assert.That(File.ReadAllText(Path.Combine(clone, "artifacts/deploy.env")), Does.Match(@"^PIPELINE_ENVIRONMENT_URL=http://127\.0\.0\.1:\d+/\n$"), "the dotenv report GitLab's environment:url reads");
        Assert.That(gitlab.Notes, Has.Some.Contain("<!-- pipeline-deploy test -->").And.Some.Contain("to test"), "the merged merge request was told of test");
        Assert.That(gitlab.Notes, Has.All.Contain("Deployed").And.All.Contain("sha256:"));
        Assert.That(output, Does.Not.Contain("glpat-ci-token"), "the token is masked");
        var creates = File.ReadAllLines(podmanCalls).Where(line => line.StartsWith("create ", StringComparison.Ordinal)).ToList();
        Assert.That(creates, Is.Not.Empty);
        Assert.That(creates, Has.None.Contains("--privileged").And.None.Contains("--cap-add").And.None.Contains("docker.sock"), "no job container ran privileged or with a container daemon");
    }

    [Test]
    public async Task Should_RunCheckTrainAndReport_GivenAMergeRequestPipelineInTheSameContainers()
    {
        await using var gitlab = new FakeGitLabNotes("glpat-ci-token");
        var result = await RunAsync(["--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--unset-variable", "CI_COMMIT_BRANCH", "--variable", "CI_MERGE_REQUEST_IID=7",
            "--variable", $"CI_API_V4_URL={gitlab.ApiUrl}", "--variable", "CI_PROJECT_ID=42", "--variable", "GITLAB_TOKEN=glpat-ci-token", "check-ci", "train", "report"]);
        var output = result.StandardOutput + result.StandardError;

        Assert.That(result.ExitCode, Is.Zero, output);
        Assert.That(StartedJobs(output), Is.EqualTo(new[] { "check-ci", "train", "report" }));
        Assert.That(StartedImages(output), Has.All.EqualTo(image.Name));
        Assert.That(output, Does.Match(@"report\s+> Wrote artifacts/report/report.md"));
        Assert.That(gitlab.Notes, Has.Count.EqualTo(1), "the report was posted on the merge request");
        Assert.That(output, Does.Not.Contain("glpat-ci-token"), "the token is masked");
    }

    [Test]
    public async Task Should_RunTheMainPipelineOfAModelInASubfolder_InstallingItsRuntimeForTrain_AndBakingScikitLearnIntoTheImage()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        using var packed = await PackedTemplate.CreateAsync(token);
        var repository = Directory.CreateDirectory(Path.Combine(work, "sklearn")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "examples/sklearn"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, Path.GetRelativePath(Path.Combine(RepositoryRoot.Path, "examples/sklearn"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await GitAsync(repository, token, "init", "-q", "-b", "main");
        await GitAsync(repository, token, "commit", "-q", "--allow-empty", "-m", "empty");
        await SucceedAsync("dotnet", ["new", "pipeline", "--model-folder", "ml", "--train", "python3 ml/train.py", "--runtime-packages", "python3-sklearn python3-joblib", "--params", "false",
            "--ci", "gitlab", "--smoke", """{"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}""", "--feed", packed.Feed, "--debug:custom-hive", packed.Hive], repository, token);
        await SucceedAsync("bash", ["build.sh", "GenerateCI"], repository, token);
        await GitAsync(repository, token, "add", "-A");
        await GitAsync(repository, token, "update-index", "--chmod=+x", "build.sh");
        await GitAsync(repository, token, "commit", "-q", "-m", "Pipeline for ml/");

        // deploy is left out: the main pipeline above runs that job, and the scikit-learn model is served for real by TemplateAdoptionTests
        var result = await RunAsync(["--variable", "CI_COMMIT_BRANCH=main", "check-ci", "train", "containerize", "push"], repository, [$"{packed.Feed}:{packed.Feed}:ro"]);
        var output = result.StandardOutput + result.StandardError;

        Assert.That(result.ExitCode, Is.Zero, output);
        Assert.That(StartedJobs(output), Is.EqualTo(new[] { "check-ci", "train", "containerize", "push" }));
        Assert.That(StartedImages(output), Has.All.EqualTo(image.Name), "every job ran in the runner image");
        Assert.That(output, Does.Match(@"train\s+\$ dpkg -s python3-sklearn python3-joblib").And.Match(@"train\s+> .*accuracy 0\.9"), "Train installed what the build declares, then trained with it");
        Assert.That(output, Does.Not.Match(@"(containerize|push)\s+\$ dpkg -s python3-sklearn"), "only Train installs the runtime");
        Assert.That(output, Does.Match(@"containerize\s+> Building the offline base image \S+ \(\d+ packages from the Debian GNU/Linux 13 \(trixie\) index, python 3\.\d+, with python3-joblib python3-sklearn"));
        Assert.That(output, Does.Match($@"push\s+> Pushed {Regex.Escape(registry.Address)}/model-serving:\S+ -> sha256:[0-9a-f]{{64}}"));
        Assert.That(output, Does.Match(@"push\s+> Bill of materials \(CycloneDX 1\.6\): .*packages"), "the bill of materials lists the image's packages");
    }

    private static async Task GitAsync(string repository, CancellationToken token, params string[] arguments) =>
        await SucceedAsync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", .. arguments], repository, token);

    private static async Task SucceedAsync(string program, IReadOnlyList<string> arguments, string directory, CancellationToken token)
    {
        var (exitCode, output) = await Processes.RunAsync(program, arguments, directory, token);
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', arguments)} failed:\n{output}");
    }

    private Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> arguments) => RunAsync(arguments, clone, []);

    private async Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> arguments, string repository, IReadOnlyList<string> volumes)
    {
        var nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages");
        return await Cli.Wrap("node").WithWorkingDirectory(repository).WithValidation(CommandResultValidation.None)
            .WithArguments([
                "--require", Path.Combine(RepositoryRoot.Path, "tools/set-methods-polyfill.cjs"), Path.Combine(RepositoryRoot.Path, "node_modules/gitlab-ci-local/dist/index.js"),
                "--container-executable", wrapper, "--pull-policy", "if-not-present", "--helper-image", image.HelperName,
                "--network", "host", "--no-color",
                // this machine's CA bundle (it holds the egress proxy's CA that NuGet traffic goes through here), as a runner's CA setting would
                "--ca-file", "/etc/ssl/certs/ca-certificates.crt",
                "--variable", "NUGET_CERT_REVOCATION_MODE=" + (Environment.GetEnvironmentVariable("NUGET_CERT_REVOCATION_MODE") ?? "online"),
                "--volume", $"{nuget}:/nuget", "--volume", $"{Path.GetDirectoryName(registry.CaFile)}:/registry-ca:ro", "--volume", $"{Path.Combine(work, "kube")}:/kube:ro",
                .. volumes.SelectMany(volume => new[] { "--volume", volume }),
                "--ignore-predefined-vars", "CI_COMMIT_BRANCH,CI_PIPELINE_SOURCE,CI_MERGE_REQUEST_IID,CI_API_V4_URL,CI_PROJECT_ID",
                "--variable", $"PIPELINE_JOB_IMAGE={image.Name}",
                "--variable", "NUGET_PACKAGES=/nuget",
                "--variable", $"PIPELINE_REGISTRY={registry.Address}",
                "--variable", $"PIPELINE_REGISTRY_CA=/registry-ca/{Path.GetFileName(registry.CaFile)}",
                "--variable", "PIPELINE_REGISTRY_USERNAME=ci",
                "--variable", "PIPELINE_REGISTRY_PASSWORD=ci-registry-password", // the test registry takes any; a real one its own
                "--variable", "PIPELINE_ENVIRONMENT=kubernetes",
                "--variable", "KUBECONFIG=/kube/config",
                .. arguments,
            ])
            .ExecuteBufferedAsync(TestContext.CurrentContext.CancellationToken);
    }

    /// <summary>This repository's tracked files as they are in the work tree, committed into a new repository; the Service's port is the fake cluster's.</summary>
    private async Task<string> CloneAsync(string root, CancellationToken token)
    {
        await WorkTreeCopy.CopyTrackedFilesAsync(root, token);
        var service = Path.Combine(root, "kubernetes/service.yaml");
        await File.WriteAllTextAsync(service, (await File.ReadAllTextAsync(service, token)).Replace("port: 80", $"port: {new Uri(cluster.Url).Port}", StringComparison.Ordinal), token);
        await WorkTreeCopy.CommitAllAsync(root, token);
        return root;
    }

    private string? ImageIn(string ns) => cluster.Stored("deployments", ns, "model-serving")?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    private static List<string> StartedJobs(string output) =>
        Regex.Matches(output, @"^(\S+)\s+starting \S+", RegexOptions.Multiline).Select(match => match.Groups[1].Value).ToList();

    private static List<string> StartedImages(string output) =>
        Regex.Matches(output, @"^\S+\s+starting (\S+)", RegexOptions.Multiline).Select(match => match.Groups[1].Value).ToList();
}
