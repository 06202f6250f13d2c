using Pipeline.Components.Comparison;

namespace Pipeline.Components.Report;

/// <summary>Everything a report shows, rendered to Markdown and HTML alike.</summary>
/// <param name="Baseline">The baseline reference, or null when there is none.</param>
/// <param name="BaselineProblem">Why there is no baseline (shown in the report).</param>
/// <param name="Metrics">Metric rows.</param>
/// <param name="Params">Param rows.</param>
/// <param name="HiddenUnchanged">How many unchanged rows were left out.</param>
/// <param name="Images">PNG file names (in the report directory) with captions.</param>
public sealed record ReportContent(
    string? Baseline,
    string? BaselineProblem,
    IReadOnlyList<DiffRow> Metrics,
    IReadOnlyList<DiffRow> Params,
    int HiddenUnchanged,
    IReadOnlyList<(string File, string Caption)> Images)
{
    /// <summary>Plots left out because their input is absent, each saying which file would give it.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>What the gate of the gated environment (production) would decide for this model; null when the build has no gate.</summary>
    internal Components.Deploy.Gating.GatePreview? Gate { get; init; }

    /// <summary>The hidden marker that identifies the one sticky comment.</summary>
    public const string Marker = CodeHost.CommentMarker.Report;
}
