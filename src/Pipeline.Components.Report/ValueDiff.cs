using Pipeline.Components.Comparison;

namespace Pipeline.Components.Report;

/// <summary>Compares flattened baseline and current values, sorted by path; unchanged rows only when asked for.</summary>
internal static class ValueDiff
{
    /// <summary>The rows; with no baseline every current value is listed as it is.</summary>
    public static IReadOnlyList<DiffRow> Compare(IReadOnlyDictionary<string, string>? baseline, IReadOnlyDictionary<string, string> current, bool includeUnchanged)
    {
        if (baseline is null)
            return current.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new DiffRow(pair.Key, pair.Value, pair.Value)).ToList();
        return baseline.Keys.Union(current.Keys)
            .Order(StringComparer.Ordinal)
            .Select(path => new DiffRow(path, baseline.GetValueOrDefault(path), current.GetValueOrDefault(path)))
            .Where(row => includeUnchanged || row.Kind != DiffKind.Unchanged)
            .ToList();
    }
}
