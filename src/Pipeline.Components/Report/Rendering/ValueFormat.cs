using System.Globalization;
using Pipeline.Components.Report.Diff;

namespace Pipeline.Components.Report.Rendering;

/// <summary>How values and changes are written in both renderings.</summary>
internal static class ValueFormat
{
    public static string Value(string? text) => text ?? "—";

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
