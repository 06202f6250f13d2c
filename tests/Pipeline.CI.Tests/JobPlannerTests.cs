using Pipeline.CI.Declaration;
using Pipeline.CI.Planning;
using static Pipeline.CI.Tests.SyntheticGraphs;

namespace Pipeline.CI.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class JobPlannerTests
{
    [Test]
    public void Should_NeedOnlyTheNearestJobsAndSkipWhatIsDoneUpstream_GivenDiamond()
    {
        var (pipeline, targets) = Diamond();

        var jobs = JobPlanner.Plan(pipeline, targets).ToDictionary(j => j.Id);

        Assert.That(jobs.Keys, Is.EqualTo(new[] { "check-ci", "a", "b", "c", "d" }));
        Assert.That(jobs["a"].Needs, Is.EqualTo(new[] { "check-ci" }));
        Assert.That(jobs["d"].Needs, Is.EquivalentTo(new[] { "b", "c" }));
        Assert.That(jobs["d"].Upstream, Is.EquivalentTo(new[] { "a", "b", "c" }));
        Assert.That(jobs["d"].Command, Is.EqualTo("./build.sh D --skip A B C"));
        Assert.That(jobs["a"].Artifacts, Is.EqualTo(new[] { "out/a.txt", "pipeline.lock" }));
    }

    [Test]
    public void Should_GiveTheStoreAndPullOnlyToJobsThatRunCachedTargets_GivenSeed()
    {
        var (pipeline, targets) = Seed();

        var jobs = JobPlanner.Plan(pipeline, targets).ToDictionary(j => j.Id);

        Assert.That(jobs.Values.Where(j => j.UsesArtifactStore).Select(j => j.Id), Is.EqualTo(new[] { "train", "report", "containerize", "push" }));
        Assert.That(jobs["train"].Command, Is.EqualTo("./build.sh Train --pull"));
        Assert.That(jobs["deploy"].Command, Does.Not.Contain("--pull"), "Deploy has no outputs and skips the cached targets");
    }

    [Test]
    public void Should_FollowTheJobsChoice_OverTheDerivedOne()
    {
        var (pipeline, targets) = Seed();
        pipeline = pipeline with { Jobs = pipeline.Jobs.Select(j => j.Target == "Report" ? j with { UsesArtifactStore = false } : j).ToList() };

        var report = JobPlanner.Plan(pipeline, targets).Single(j => j.Id == "report");

        Assert.That(report.UsesArtifactStore, Is.False);
        Assert.That(report.Command, Is.EqualTo("./build.sh Report --skip Restore Train"));
    }

    [Test]
    public void Should_NotPull_GivenNoSharedStore()
    {
        var (pipeline, targets) = Diamond();

        Assert.That(JobPlanner.Plan(pipeline, targets).Where(j => j.UsesArtifactStore), Is.Empty);
    }

    [Test]
    public void Should_RedoAPerMachineTarget_OnlyInAJobWhereATargetThatRunsNeedsIt()
    {
        var (pipeline, targets) = Seed();
        targets = [.. targets.Select(t => t.Name == "Containerize" ? t with { IsCachedPerMachine = true } : t)]; // its image lives in local storage

        var jobs = JobPlanner.Plan(pipeline, targets);

        Assert.That(jobs.Single(j => j.Id == "train").Command, Is.EqualTo("./build.sh Train --pull"), "Restore runs where Train does");
        Assert.That(jobs.Single(j => j.Id == "push").Command, Is.EqualTo("./build.sh Push --skip Restore Train --pull"), "Push needs the image: Containerize runs again");
        Assert.That(jobs.Single(j => j.Id == "deploy").Command, Is.EqualTo("./build.sh Deploy --skip Restore Train Containerize Push"), "Deploy needs only Push's digest");
    }

    [Test]
    public void Should_NameBothTargets_GivenPullRequestJobDependingOnMainOnlyJob()
    {
        var pipeline = new CiPipeline()
            .Job("Push", job => job with { Condition = CiCondition.MainBranch })
            .Job("Report", job => job with { Condition = CiCondition.PullRequest });

        var error = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(pipeline, [Check, Target("Push"), Target("Report", "Push")]));

        Assert.That(error!.Message, Does.Contain("'Report' (only on pull/merge requests) depends on 'Push', which runs only on the main branch").And.Contain("cannot be expressed"));
    }

    [Test]
    public void Should_AskForTheDeclaration_GivenUndeclaredSecret()
    {
        var pipeline = new CiPipeline().Job("Push", job => job with { Secrets = ["REGISTRY_PASSWORD"] });

        var error = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(pipeline, [Check, Target("Push")]));

        Assert.That(error!.Message, Does.Contain("'Push' uses secret REGISTRY_PASSWORD").And.Contain("WithSecret"));
    }

    [Test]
    public void Should_Refuse_GivenTheSameTargetTwice()
    {
        var pipeline = new CiPipeline().Job("Train").Job("Train");

        var error = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(pipeline, [Check, Target("Train")]));

        Assert.That(error!.Message, Does.Contain("Two jobs would be named 'train'"));
    }

    [Test]
    public void Should_ListTheTargets_GivenUnknownTarget()
    {
        var error = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(new CiPipeline().Job("Trian"), [Check, Target("Train")]));

        Assert.That(error!.Message, Does.Contain("'Trian' names no target").And.Contain("Train"));
    }

    [Test]
    public void Should_AskForIGenerateCI_GivenNoCheckTarget()
    {
        var error = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(new CiPipeline().Job("Train"), [Target("Train")]));

        Assert.That(error!.Message, Does.Contain("no CheckCI target"));
    }

    [Test]
    public void Should_RefuseAnActionForGitLab_AndAStepWithoutCommandOrAction()
    {
        var action = new CiPipeline { SetupSteps = [new CiSetupStep("Set up Python") { Uses = "actions/setup-python@v5" }] }.Job("A");
        var empty = new CiPipeline().Job("A", job => job with { SetupSteps = [new CiSetupStep("Nothing")] });

        var actionError = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(action, [SyntheticGraphs.Check, SyntheticGraphs.Target("A")]));
        var emptyError = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(empty, [SyntheticGraphs.Check, SyntheticGraphs.Target("A")]));

        Assert.That(actionError!.Message, Does.Contain("only GitHub runs").And.Contain("Dialects = CiDialects.GitHub"));
        Assert.That(emptyError!.Message, Does.Contain("either Uses").And.Contain("neither"));
    }

    [Test]
    public void Should_PlaceAPromotionAfterTheDeployItWaitsFor_AndRefuseApprovalWithoutAnEnvironment()
    {
        var (pipeline, targets) = Promotion();

        var jobs = JobPlanner.Plan(pipeline, targets);
        var unapprovable = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(pipeline with { Jobs = [.. pipeline.Jobs.Select(job => job.Target == "Promote" ? job with { Environment = null } : job)] }, targets));
        var dangling = Assert.Throws<CiDeclarationException>(() => JobPlanner.Plan(pipeline with { Jobs = [.. pipeline.Jobs.Where(job => job.Target != "Deploy")] }, targets));

        Assert.That(jobs.Select(job => job.Id), Is.EqualTo(new[] { "check-ci", "train", "deploy", "promote" }));
        Assert.That(jobs[^1].Needs, Is.EqualTo(new[] { "deploy" }));
        Assert.That(jobs[^1].Command, Is.EqualTo("./build.sh Promote"));
        Assert.That(unapprovable!.Message, Does.Contain("requires approval but has no Environment"));
        Assert.That(dangling!.Message, Does.Contain("runs after 'Deploy', which is not a job of the pipeline"));
    }
}
