using System.Globalization;
using Pipeline.Components.Comparison;

namespace Pipeline.Components.Comparison;

/// <summary>How values and changes are written in both renderings.</summary>
public static class ValueFormat
{
    /// <summary>A value as tables show it: a dash when there is none.</summary>
    public static string Value(string? text) => text ?? "—";

    /// <summary>A row's change as tables show it: the delta and percentage for numbers, else added/removed/changed.</summary>
    public static string Change(DiffRow row) => row.Kind switch
    {
        DiffKind.Added => "added",
        DiffKind.Removed => "removed",
        DiffKind.Unchanged => "",
        _ when row.Delta is { } delta => $"{delta.ToString("+0.######;-0.######", CultureInfo.InvariantCulture)}"
                                         + (row.PercentChange is { } percent ? $" ({percent.ToString("+0.##;-0.##", CultureInfo.InvariantCulture)}%)" : ""),
        _ => "changed",
    };
}
