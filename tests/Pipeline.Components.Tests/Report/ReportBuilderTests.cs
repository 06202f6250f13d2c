using Pipeline.Build;
using CliWrap;
using Pipeline.Components.Report;
using Pipeline.Components.Report.Plots;
using Pipeline.Tests.Shared;
using SkiaSharp;

namespace Pipeline.Components.Tests.Report;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ReportBuilderTests : SandboxTests
{
    private const string Metrics = """
        {"accuracy": 0.9, "logLoss": 0.3, "classes": {"a": {"f1": 0.9}, "b": {"f1": 0.8}},
         "confusionMatrix": {"labels": ["a", "b"], "counts": [[9, 1], [2, 8]]}}
        """;

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("params.yaml", "train:\n  seed: 42\n  rate: 0.1\n");
        emptySandbox.Write("artifacts/metrics.json", Metrics);
        emptySandbox.Write("artifacts/training-history.json", """[{"iterations": 1, "testLogLoss": 0.6}, {"iterations": 2, "testLogLoss": 0.4}]""");
        emptySandbox.Write("artifacts/predictions.csv", "x,label,predicted,score_a\n1.5,a,a,0.9\n2.5,b,a,0.6\n");
    }

    [Test]
    public async Task Should_TableOnlyTheChangesAgainstMain_WithSignedChange()
    {
        await CommitOnMainAsync();
        Sandbox.Write("params.yaml", "train:\n  seed: 43\n  rate: 0.1\n");
        Sandbox.Write("artifacts/metrics.json", Metrics.Replace("\"accuracy\": 0.9", "\"accuracy\": 0.95"));

        var report = await ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", includeUnchanged: false, TestContext.CurrentContext.CancellationToken);

        var markdown = Sandbox.Read("artifacts/report/report.md");
        Assert.That(report.Baseline, Is.EqualTo("main"));
        Assert.That(markdown, Does.StartWith(ReportContent.Marker));
        Assert.That(markdown, Does.Contain("| `accuracy` | 0.9 | 0.95 | +0.05 (+5.56%) |"));
        Assert.That(markdown, Does.Contain("| `train.seed` | 42 | 43 |"));
        Assert.That(markdown, Does.Not.Contain("`train.rate`").And.Not.Contain("confusionMatrix"));
        Assert.That(report.HiddenUnchanged, Is.EqualTo(4));
    }

    [Test]
    public async Task Should_SayThereIsNoBaseline_AndShowCurrentValues_GivenNoGitHistory()
    {
        var report = await ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", includeUnchanged: false, TestContext.CurrentContext.CancellationToken);

        Assert.That(report.Baseline, Is.Null);
        Assert.That(Sandbox.Read("artifacts/report/report.md"), Does.Contain("> No baseline: ").And.Contain("| `accuracy` | 0.9 |"));
    }

    [Test]
    public async Task Should_WriteThreeDecodablePngsOfTheSameSize_AndEmbedThemInTheHtml()
    {
        var report = await ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", includeUnchanged: true, TestContext.CurrentContext.CancellationToken);

        Assert.That(report.Images.Select(i => i.File), Is.EqualTo(new[] { "training-history.png", "confusion-matrix.png", "predictions-preview.png" }));
        foreach (var (file, _) in report.Images)
        {
            using var bitmap = SKBitmap.Decode(Sandbox.PathOf("artifacts/report/" + file));
            Assert.That(bitmap, Is.Not.Null, file);
            Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((PlotSize.Width, PlotSize.Height)), file);
        }

        var html = Sandbox.Read("artifacts/report/report.html");
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "data:image/png;base64,iVBOR"), Has.Count.EqualTo(3));
    }

    [TestCase("artifacts/metrics.json", "{\"accuracy\": ", "artifacts/metrics.json(1,")]
    [TestCase("artifacts/training-history.json", "{}", "non-empty JSON array")]
    [TestCase("artifacts/predictions.csv", "a,b\n1,2\n", "needs columns 'label' and 'predicted'")]
    public async Task Should_NameTheFile_GivenMalformedInputs(string file, string content, string expected)
    {
        Sandbox.Write(file, content);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", false, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task Should_AskTheTrainingToWriteIt_GivenNoMetrics()
    {
        File.Delete(Sandbox.PathOf("artifacts/metrics.json"));

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", false, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("artifacts/metrics.json is missing, though Report runs after Train: make the training write it").And.Contain("Contracts"));
    }

    [Test]
    public async Task Should_ReportMetricsAlone_LeavingOutThePlotsWhoseInputsAreAbsent()
    {
        await ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", true, TestContext.CurrentContext.CancellationToken);
        File.Delete(Sandbox.PathOf("artifacts/training-history.json"));
        File.Delete(Sandbox.PathOf("artifacts/predictions.csv"));
        Sandbox.Write("artifacts/metrics.json", """{"accuracy": 0.9, "rmse": 1.5}""");

        var report = await ReportBuilder.BuildAsync(AbsolutePath.Create(Sandbox.Root), new ReportSettings(), "main", true, TestContext.CurrentContext.CancellationToken);

        Assert.That(report.Images, Is.Empty);
        Assert.That(report.LeftOut, Is.EqualTo(new[]
        {
            "training history (artifacts/training-history.json is absent)",
            "confusion matrix (artifacts/metrics.json has no 'confusionMatrix' object)",
            "predictions preview (artifacts/predictions.csv is absent)",
        }));
        Assert.That(Sandbox.Read("artifacts/report/report.md"), Does.Contain("| `rmse` | 1.5 |").And.Not.Contain("### Plots"));
        Assert.That(Directory.GetFiles(Sandbox.PathOf("artifacts/report"), "*.png"), Is.Empty, "the earlier run's plots are not passed off as this run's");
    }

    private async Task CommitOnMainAsync()
    {
        foreach (var arguments in new[]
                 {
                     new[] { "init", "-q", "-b", "main" }, ["add", "-A"],
                     ["-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-qm", "baseline"],
                 })
            await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(Sandbox.Root).ExecuteAsync();
    }
}
