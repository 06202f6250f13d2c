using Pipeline.Build;
using Pipeline.Components.Train;

namespace Pipeline.Components.Report;

/// <summary>
/// Report: params and metrics compared with the baseline branch, plots, report.md and a self-contained report.html
/// under artifacts/report/; on a pull or merge request also one sticky comment (see <see cref="PublishReportAsync"/>).
/// </summary>
public interface IReport : ITrain, CodeHost.ICodeHost
{
    /// <summary>The branch or commit to compare with.</summary>
    [Parameter("Branch or commit the report compares with (default: the pull/merge request's target branch, else main)")]
    string? ReportBase => Parameter<string?>(null);

    /// <summary>List unchanged params and metrics too.</summary>
    [Parameter("List unchanged params and metrics in the report too")]
    bool ReportAllRows => Parameter(false);

    /// <summary>owner/name (GitHub) or project id (GitLab), when not taken from the CI environment.</summary>
    [Parameter("Repository (owner/name) or GitLab project id to comment on; default from the CI environment")]
    string? ReportRepository => Parameter<string?>(null);

    /// <summary>Pull/merge request number, when not taken from the CI environment.</summary>
    [Parameter("Pull/merge request number to comment on; default from the CI environment", Minimum = 1)]
    int? ReportPullRequest => Parameter<int?>(null);

    /// <summary>The defaults (Train's files), before <see cref="ConfigureReport"/>.</summary>
    sealed ReportSettings ReportSettingsBase => new()
    {
        ParamsFile = TrainSettings.ParamsFile,
        MetricsFile = TrainSettings.MetricsFile,
        HistoryFile = TrainSettings.HistoryFile,
        PredictionsFile = TrainSettings.PredictionsFile,
    };

    /// <summary>The settings of this run: <see cref="ReportSettingsBase"/> through <see cref="ConfigureReport"/>, evaluated once.</summary>
    sealed ReportSettings ReportSettings => Settings(() => ConfigureReport(ReportSettingsBase));

    /// <summary>Override to change what is compared and plotted.</summary>
    ReportSettings ConfigureReport(ReportSettings settings) => settings;

    /// <summary>Posts the report as the sticky comment of the pull/merge request this CI run is for; posts nothing locally.</summary>
    async Task PublishReportAsync(ReportContent report, CancellationToken cancellationToken)
    {
        var destination = CodeHost.ReportDestination.Detect(EnvironmentVariable, GithubToken, GitlabToken, ReportRepository, ReportPullRequest, ReportSettings.OutputDirectory);
        if (destination is null)
        {
            Log.Info("Not a pull or merge request: nothing posted (open artifacts/report/report.html).");
            return;
        }

        var body = CodeHost.StickyComment.Fit(Rendering.MarkdownReport.Render(report, destination.ImageUrl), destination.Limit, destination.FullReportHint);
        var where = await destination.Publisher.PublishAsync(body, cancellationToken);
        Log.Info($"Report posted on {destination.Description}: {where}");
    }

    /// <summary>Writes the report and publishes it.</summary>
    Target Report => _ => _
        .Description("Compare params and metrics with the main branch, plot, write artifacts/report/ and update the pull/merge request comment")
        .DependsOn(Train)
        .Outputs(ReportSettings.OutputDirectory)
        .Executes(async cancellationToken =>
        {
            var settings = ReportSettings;
            var reference = ReportBaseline.Reference(ReportBase, EnvironmentVariable);
            ReportContent report;
            try
            {
                var gate = this is Deploy.IDeploy deploy ? await Deploy.Gating.GatePreview.ForAsync(deploy, cancellationToken) : null;
                report = await ReportBuilder.BuildAsync(RootDirectory, settings, reference, ReportAllRows, cancellationToken, gate);
            }
            catch (Exception exception) when (exception is InvalidDataException or FileNotFoundException)
            {
                throw new TargetFailedException(exception.Message);
            }

            Log.Info(report.Baseline is null ? $"No baseline ({report.BaselineProblem}); the report shows current values only." : $"Compared with {report.Baseline}.");
            foreach (var row in report.Metrics.Take(8))
                Log.Info($"  {row.Path}: {row.Baseline ?? "—"} -> {row.Current ?? "—"} {Comparison.ValueFormat.Change(row)}");
            if (report.Gate is { } preview)
                Log.Info($"{preview.Headline}:\n{preview.Table()}");
            Log.Info($"Wrote {settings.OutputDirectory}/report.md, report.html and {report.Images.Count} plots.");
            foreach (var missing in report.LeftOut)
                Log.Info($"  left out: {missing}");
            await PublishReportAsync(report, cancellationToken);
        });
}
