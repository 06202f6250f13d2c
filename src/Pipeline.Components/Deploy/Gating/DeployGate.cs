namespace Pipeline.Components.Deploy.Gating;

/// <summary>
/// Champion against challenger: the metrics of the version an environment runs now (its <see cref="DeployRecord"/>)
/// against the candidate's, by the rules of <see cref="DeploySettings.Gate"/>. Floors always apply; comparisons only
/// when the champion has the metric.
/// </summary>
internal static class DeployGate
{
    public static GateVerdict Evaluate(IReadOnlyList<GateRule> rules, IReadOnlyDictionary<string, double> challenger, DeployRecord? champion)
    {
        var rows = new List<GateRow>();
        foreach (var rule in rules)
        {
            var candidate = challenger.TryGetValue(rule.Metric, out var value) ? value : (double?)null;
            var current = champion?.Metrics.TryGetValue(rule.Metric, out var championValue) == true ? championValue : (double?)null;
            rows.Add(candidate is not { } actual
                ? new GateRow(rule.Metric, current, null, rule.ToString(), false, $"the metrics have no {rule.Metric}")
                : Judge(rule, actual, current));
        }

        return new GateVerdict(rows, champion);
    }

    private static GateRow Judge(GateRule rule, double challenger, double? champion)
    {
        // better > 0 when the challenger improves on the value it is compared with, whichever way the metric goes
        double Better(double than) => rule.Direction == MetricDirection.HigherIsBetter ? challenger - than : than - challenger;
        const double tolerance = 1e-12; // metrics are rounded decimals: 0.95 - 0.945 must count as 0.005
        var described = rule.ToString();
        if (rule.Floor is { } floor && Better(floor) < -tolerance)
            return new GateRow(rule.Metric, champion, challenger, described, false, $"beyond the floor {GateRule.Format(floor)}");
        if (champion is { } current)
        {
            if (rule.MaxRegression is { } regression && Better(current) < -regression - tolerance)
                return new GateRow(rule.Metric, champion, challenger, described, false, $"{GateRule.Format(-Better(current))} worse than the champion");
            if (rule.MinImprovement is { } improvement && Better(current) < improvement - tolerance)
                return new GateRow(rule.Metric, champion, challenger, described, false, $"not {GateRule.Format(improvement)} better than the champion");
        }

        return new GateRow(rule.Metric, champion, challenger, described, true, "");
    }
}
