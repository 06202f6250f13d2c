using System.Globalization;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>
/// One rule of the deploy gate on a metric of <c>metrics.json</c> (a dotted path for nested objects): an absolute
/// <see cref="Floor"/> the challenger must reach, and against the champion (the version the environment runs now)
/// at most <see cref="MaxRegression"/> worse or at least <see cref="MinImprovement"/> better, in the metric's units.
/// For example <c>GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }</c>.
/// </summary>
public sealed record GateRule(string Metric, MetricDirection Direction)
{
    /// <summary>The worst value allowed at all (a minimum when higher is better, a maximum when lower is); the first deploy to an empty environment is judged by floors alone.</summary>
    public double? Floor { get; init; }

    /// <summary>How much worse than the champion the challenger may be (0: no worse).</summary>
    public double? MaxRegression { get; init; }

    /// <summary>How much better than the champion the challenger must be.</summary>
    public double? MinImprovement { get; init; }

    /// <summary>A metric where more is better.</summary>
    public static GateRule Higher(string metric) => new(metric, MetricDirection.HigherIsBetter);

    /// <summary>A metric where less is better.</summary>
    public static GateRule Lower(string metric) => new(metric, MetricDirection.LowerIsBetter);

    /// <summary>The rule in words, for the gate's table: "≥ 0.9, at most 0.005 worse".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Floor is { } floor)
            parts.Add($"{(Direction == MetricDirection.HigherIsBetter ? "≥" : "≤")} {Format(floor)}");
        if (MaxRegression is { } regression)
            parts.Add(regression == 0 ? "no worse" : $"at most {Format(regression)} worse");
        if (MinImprovement is { } improvement)
            parts.Add($"at least {Format(improvement)} better");
        return parts.Count == 0 ? "recorded only" : string.Join(", ", parts);
    }

    internal static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
