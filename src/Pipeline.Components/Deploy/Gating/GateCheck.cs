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

    /// <summary>A record in a few lines, for Status.</summary>
    public static string Describe(string environment, DeployRecord record)
    {
        var lines = new List<string>
        {
            $"{environment}: {record.Image}",
            $"  revision {record.ShortRevision}, deployed {record.DeployedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} by {record.DeployedBy}",
        };
        if (record.TopLevelMetrics.ToList() is { Count: > 0 } metrics) // the nested ones are in the record for the gate, too many to read here
            lines.Add("  metrics: " + string.Join(", ", metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {GateRule.Format(pair.Value)}")));
        if (record.AcceptedWorse is { } reason)
            lines.Add($"  accepted although the gate refused it: {reason}");
        return string.Join('\n', lines);
    }
}
