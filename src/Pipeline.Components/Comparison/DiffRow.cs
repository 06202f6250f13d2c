using System.Globalization;

namespace Pipeline.Components.Comparison;

/// <summary>One compared value: its path, the baseline and current text (null when absent) and, for numbers, the change.</summary>
public sealed record DiffRow(string Path, string? Baseline, string? Current)
{
    /// <summary>Added, removed, changed or unchanged.</summary>
    public DiffKind Kind => (Baseline, Current) switch
    {
        (null, _) => DiffKind.Added,
        (_, null) => DiffKind.Removed,
        _ when Baseline == Current || (Number(Baseline) is { } a && Number(Current) is { } b && (a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b)))) => DiffKind.Unchanged,
        _ => DiffKind.Changed,
    };

    /// <summary>Current minus baseline, when both are finite numbers.</summary>
    public double? Delta => Number(Baseline) is { } a && Number(Current) is { } b && double.IsFinite(a) && double.IsFinite(b) ? b - a : null;

    /// <summary>The change relative to the baseline in per cent; null when not numeric or the baseline is zero.</summary>
    public double? PercentChange => Delta is { } delta && Number(Baseline) is { } a && a != 0 ? delta / Math.Abs(a) * 100 : null;

    private static double? Number(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : text is "NaN" ? double.NaN : null;
}
