using System.Globalization;
using Pipeline.Build;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>Deploy's gate: the candidate's record judged against the champion's before anything changes, the table shown, a refusal unless a reason was given.</summary>
internal static class GateCheck
{
    /// <summary>
    /// The record to leave where the candidate deploys (with the reason when a refusal was overridden); throws when the
    /// gate refuses. A <paramref name="promoted"/> version brings its own metrics; a new build's are read from Train's.
    /// </summary>
    public static async Task<DeployRecord> RunAsync(IDeploy build, PushedImage image, string? modelImage, DeployRecord? promoted, DeployRecord? champion, CancellationToken cancellationToken)
    {
        var fresh = await CandidateRecord.ForAsync(build, image, promoted is null, cancellationToken);
        var candidate = (promoted is null ? fresh : promoted with { DeployedAt = fresh.DeployedAt, DeployedBy = fresh.DeployedBy, AcceptedWorse = null, Verdict = null }) with { ModelImage = modelImage };
        var rules = build.DeploySettings.Gate;
        if (rules.Count == 0 || champion?.Image == candidate.Image)
            return candidate; // no rules, or the same image already runs there: nothing to judge
        var verdict = DeployGate.Evaluate(rules, candidate.Metrics, champion);
        candidate = candidate with { Verdict = verdict.Table() };
        if (verdict.Passes)
        {
            build.Log.Info($"The deploy gate passes {candidate.ShortRevision}:\n{verdict.Table()}");
            return candidate;
        }

        if (build.AcceptWorse is { Length: > 0 } reason)
        {
            build.Log.Warn($"The deploy gate refuses {candidate.ShortRevision}, deployed anyway (--accept-worse \"{reason}\"; recorded):\n{verdict.Table()}");
            return candidate with { AcceptedWorse = reason };
        }

        var refusal = $"The deploy gate refuses {candidate.ShortRevision}: the model is worse than what runs{(champion is null ? "" : $" ({champion.ShortRevision}, deployed {champion.DeployedAt:yyyy-MM-dd HH:mm} by {champion.DeployedBy})")}:\n{verdict.Table()}\n"
                      + "Nothing was changed. Improve the model, relax DeploySettings.Gate, or deploy it anyway with --accept-worse \"<reason>\" (the reason is recorded and told).";
        if (build.DryRun)
        {
            build.Log.Warn(refusal);
            return candidate;
        }

        throw new TargetFailedException(refusal);
    }

    /// <summary>
    /// Status: every environment's version side by side (revision, digest, when, by whom, the headline metrics), then
    /// each image in full and any reason a worse model was accepted for.
    /// </summary>
    public static string Describe(IReadOnlyList<(string Environment, DeployRecord? Record, string? Problem)> environments, IReadOnlyList<string> headline)
    {
        var rows = environments.Select(environment => environment.Record is not { } record
            ? [environment.Environment, environment.Problem is null ? "nothing recorded" : "could not be read", "", "", "", ""]
            : new[]
            {
                environment.Environment, record.ShortRevision, Digest(record.Image), record.DeployedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), record.DeployedBy,
                string.Join(", ", Feedback.HeadlineMetrics.Pick(record.TopLevelMetrics, headline).Select(pair => $"{pair.Key} {GateRule.Format(pair.Value)}")),
            }).Prepend(["environment", "revision", "digest", "deployed", "by", "metrics"]).ToList();
        var lines = new List<string> { PlainTable.Render(rows) };
        foreach (var (environment, record, _) in environments.Where(environment => environment.Record is not null))
        {
            lines.Add($"{environment}: {record!.Image}");
            if (record.AcceptedWorse is { } reason)
                lines.Add($"  accepted although the gate refused it: {reason}");
        }

        foreach (var (environment, _, problem) in environments.Where(environment => environment.Problem is not null))
            lines.Add($"{environment}: could not be read: {problem}");
        if (environments.Any(environment => environment.Record is null && environment.Problem is null))
            lines.Add("nothing recorded: no version was deployed there by Pipeline, or it was undeployed.");
        return string.Join('\n', lines);
    }

    private static string Digest(string image) => image.LastIndexOf("@sha256:", StringComparison.Ordinal) is var at and >= 0 ? image[(at + 1)..Math.Min(image.Length, at + 20)] : image;
}
