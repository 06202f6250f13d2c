using System.Text.Json.Nodes;
using CliWrap;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;
using Pipeline.Components.SupplyChain;
using Pipeline.Components.Train;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.SupplyChain;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class SlsaProvenanceTests : TemporaryFolderTests
{
    private const string Digest = "sha256:89a214583d982e6c88a414421bfe3c807b33e9fe67b21486a32bd09a785ce7cf";
    private const string Commit = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static readonly DateTimeOffset Started = DateTimeOffset.Parse("2026-12-05T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [SetUp]
    public void CreateCheckout()
    {
        Write("data/iris.csv", "sepal,petal,species\n5.1,1.4,setosa\n");
        Write("params.yaml", "train:\n  seed: 42\n");
        Write("artifacts/model/model.zip", "a model");
    }

    [Test]
    public async Task Should_NameTheImageSourceDataAndRun_AsAValidSlsaV1Statement_GivenAGitHubActionsRun()
    {
        var github = Environment(new()
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_REPOSITORY"] = "team/iris", ["GITHUB_RUN_ID"] = "991", ["GITHUB_RUN_ATTEMPT"] = "2",
            ["GITHUB_WORKFLOW_REF"] = "team/iris/.github/workflows/pipeline.yml@refs/heads/main", ["GITHUB_REF"] = "refs/heads/main",
        });

        var statement = await CreateAsync(Commit, github);

        Assert.That(VendoredSchema.SlsaProvenance.Problems(statement), Is.Empty);
        Assert.That(statement["subject"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("127.0.0.1:5000/team/iris"));
        Assert.That(statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>(), Is.EqualTo(Digest["sha256:".Length..]));
        var definition = statement["predicate"]!["buildDefinition"]!;
        Assert.That(definition["externalParameters"]!["source"]!.ToJsonString(), Is.EqualTo($$"""{"uri":"https://github.com/team/iris","revision":"{{Commit}}","dirty":false,"ref":"refs/heads/main"}"""));
        Assert.That(definition["externalParameters"]!["hyperparameters"]!["train.seed"]!.GetValue<string>(), Is.EqualTo("42"));
        Assert.That(definition["externalParameters"]!["trainingCommand"]!.GetValue<string>(), Is.EqualTo("python3 train.py"));
        var dependencies = JsonNode.Parse($$$"""
            [{"uri":"git+https://github.com/team/iris@refs/heads/main","digest":{"gitCommit":"{{{Commit}}}"}},
             {"name":"data/iris.csv","digest":{"sha256":"{{{HashingCopy.HashFile(Path.Combine(Folder, "data/iris.csv"))}}}"}}]
            """);
        Assert.That(JsonNode.DeepEquals(definition["resolvedDependencies"], dependencies), Is.True, definition["resolvedDependencies"]!.ToJsonString());
        var run = statement["predicate"]!["runDetails"]!;
        Assert.That(run["builder"]!["id"]!.GetValue<string>(), Is.EqualTo("https://github.com/team/iris/.github/workflows/pipeline.yml@refs/heads/main"));
        Assert.That(run["metadata"]!["invocationId"]!.GetValue<string>(), Is.EqualTo("https://github.com/team/iris/actions/runs/991/attempts/2"));
        Assert.That(run["metadata"]!["startedOn"]!.GetValue<string>(), Is.EqualTo("2026-12-05T12:00:00Z"));
        Assert.That(run["byproducts"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("artifacts/model/model.zip"));
    }

    [Test]
    public async Task Should_SayTheTreeWasDirty_AndNameTheLocalBuilder_GivenALocalBuildOfUncommittedChanges()
    {
        var statement = await CreateAsync(Commit + SourceRevision.DirtySuffix, Environment([]));

        Assert.That(VendoredSchema.SlsaProvenance.Problems(statement), Is.Empty);
        var source = statement["predicate"]!["buildDefinition"]!["externalParameters"]!["source"]!;
        Assert.That(source["revision"]!.GetValue<string>(), Is.EqualTo(Commit), "the commit the changes were made on");
        Assert.That(source["dirty"]!.GetValue<bool>(), Is.True);
        Assert.That(statement["predicate"]!["runDetails"]!["builder"]!["id"]!.GetValue<string>(), Is.EqualTo(BuildInvocation.LocalBuilder));
        Assert.That(statement["predicate"]!["runDetails"]!["metadata"]!["invocationId"], Is.Null);
    }

    [Test]
    public async Task Should_NameTheRunnerAndJob_GivenAGitLabJob()
    {
        var gitlab = Environment(new()
        {
            ["GITLAB_CI"] = "true", ["CI_PROJECT_URL"] = "https://gitlab.example.com/team/iris", ["CI_RUNNER_ID"] = "17",
            ["CI_JOB_URL"] = "https://gitlab.example.com/team/iris/-/jobs/4242", ["CI_COMMIT_REF_NAME"] = "main",
        });

        var statement = await CreateAsync(Commit, gitlab);

        Assert.That(VendoredSchema.SlsaProvenance.Problems(statement), Is.Empty);
        Assert.That(statement["predicate"]!["runDetails"]!["builder"]!["id"]!.GetValue<string>(), Is.EqualTo("https://gitlab.example.com/team/iris/-/runners/17"));
        Assert.That(statement["predicate"]!["runDetails"]!["metadata"]!["invocationId"]!.GetValue<string>(), Is.EqualTo("https://gitlab.example.com/team/iris/-/jobs/4242"));
        Assert.That(statement["predicate"]!["buildDefinition"]!["resolvedDependencies"]![0]!["uri"]!.GetValue<string>(), Is.EqualTo("git+https://gitlab.example.com/team/iris@refs/heads/main"));
    }

    [Test]
    public async Task Should_BeRefusedByTheSchema_GivenAStatementWithoutItsBuilder()
    {
        var statement = await CreateAsync(Commit, Environment([]));
        statement["predicate"]!["runDetails"]!["builder"]!.AsObject().Remove("id");

        Assert.That(VendoredSchema.SlsaProvenance.Problems(statement), Is.Not.Empty, "the vendored schema bites");
    }

    [Test]
    public async Task Should_LeaveTheTokenOut_GivenACloneWhoseOriginCarriesOne()
    {
        await Cli.Wrap("git").WithArguments(["init", "-q"]).WithWorkingDirectory(Folder).ExecuteAsync(TestContext.CurrentContext.CancellationToken);
        await Cli.Wrap("git").WithArguments(["remote", "add", "origin", "https://gitlab-ci-token:glcbt-secret-value@gitlab.example.com/team/iris.git"]).WithWorkingDirectory(Folder).ExecuteAsync(TestContext.CurrentContext.CancellationToken);

        var origin = await SourceRevision.OriginAsync(Folder, TestContext.CurrentContext.CancellationToken);
        var revision = await SourceRevision.OfAsync(Folder, TestContext.CurrentContext.CancellationToken);

        Assert.That(origin, Is.EqualTo("https://gitlab.example.com/team/iris.git"));
        Assert.That(revision.SourceUrl, Is.EqualTo(origin), "the image's source label too");
    }

    private async Task<JsonObject> CreateAsync(string revision, Func<string, string?> environment)
    {
        var container = new ContainerSettings { ImageRepository = "team/iris" };
        var train = new TrainSettings { Command = ["python3", "train.py"] };
        var subject = await ModelBomSubject.ReadAsync(AbsolutePath.Create(Folder), container, train, Digest, revision, ImageConfiguration.Unknown, TestContext.CurrentContext.CancellationToken);
        var invocation = BuildInvocation.FromEnvironment(environment, "https://example.com/team/iris.git", Started);
        return SlsaProvenance.Create(subject, invocation, Started.AddMinutes(3), "1.0.0");
    }

    private static Func<string, string?> Environment(Dictionary<string, string> variables) => name => variables.GetValueOrDefault(name);

    private void Write(string path, string content)
    {
        var full = Path.Combine(Folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
