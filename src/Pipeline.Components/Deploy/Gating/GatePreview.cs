using Pipeline.Build;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>
/// What the gate of the last gated environment (production, in promotion order) would decide if this change's model
/// went there now: Report shows it on the pull request. <see cref="Problem"/> says why the champion could not be
/// read (then the floors alone judged).
/// </summary>
public sealed class GatePreview
{
    private readonly GateVerdict verdict;

    internal GatePreview(string environment, GateVerdict verdict, string? problem)
    {
        Environment = environment;
        this.verdict = verdict;
        Problem = problem;
    }

    /// <summary>The gated environment the preview judges for.</summary>
    public string Environment { get; }

    /// <summary>Why what the environment runs could not be read (then the floors alone judged), or null.</summary>
    public string? Problem { get; }

    /// <summary>Whether the gate would take this change's model.</summary>
    public bool Passes => verdict.Passes;

    /// <summary>The verdict as a plain-text table (metric, champion, challenger, rule, verdict), as the log shows it.</summary>
    public string Table() => verdict.Table();

    /// <summary>The table's cells, the header first, for renderers.</summary>
    public IEnumerable<string[]> Cells() => verdict.Cells();

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20); // a cluster that does not answer must not hold the report up

    /// <summary>The preview for <paramref name="build"/>'s model (Train's metrics), or null when no environment has a gate.</summary>
    public static async Task<GatePreview?> ForAsync(IDeploy build, CancellationToken cancellationToken)
    {
        var gated = build.Stages.Select(stage => (Name: stage.Name, Stage: (DeployStage?)stage, Settings: build.SettingsOf(stage))).LastOrDefault(candidate => candidate.Settings.Gate.Count > 0);
        if (gated.Settings is null && build.Stages.Count == 0 && build.SettingsOf(null) is { Gate.Count: > 0 } single)
            gated = (build.EnvironmentName ?? build.Environment.ToString().ToLowerInvariant(), null, single);
        if (gated.Settings is null)
            return null;

        var metricsFile = build.RootDirectory / build.TrainSettings.MetricsFile;
        var metrics = File.Exists(metricsFile) ? CandidateRecord.Numbers(await File.ReadAllTextAsync(metricsFile, cancellationToken), build.TrainSettings.MetricsFile) : new Dictionary<string, double>();
        DeployRecord? champion = null;
        string? problem = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            champion = await build.ReadRecordAsync(gated.Stage, gated.Settings, timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            problem = exception is OperationCanceledException ? $"no answer in {ReadTimeout.TotalSeconds:0} s" : exception.Message.Split('\n')[0];
        }

        return new GatePreview(gated.Name, DeployGate.Evaluate(gated.Settings.Gate, metrics, champion), problem);
    }

    /// <summary>One line: what the gate would decide.</summary>
    public string Headline => (Passes ? $"{Environment}'s deploy gate would take this model" : $"{Environment}'s deploy gate would refuse this model")
                              + (Problem is not null ? $" on its floors alone (what {Environment} runs could not be read: {Problem})"
                                  : verdict.Champion is { } champion ? $" over what runs there ({champion.ShortRevision}, deployed {champion.DeployedAt:yyyy-MM-dd HH:mm} UTC)"
                                  : $" ({Environment} runs nothing recorded yet: floors alone)");
}
