using System.Globalization;
using System.Text.Json;
using Pipeline.Components.Comparison;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// The few numbers a deploy message shows: the top-level numeric metrics, in the file's order, against the same
/// file at the previous commit (on main: what the last merge deployed).
/// </summary>
internal static class HeadlineMetrics
{
    /// <summary>How many metrics are shown when none are named.</summary>
    private const int DefaultCount = 4;

    /// <summary>Rows for the <paramref name="names"/> given, or the first <see cref="DefaultCount"/> metrics; empty when the file is missing.</summary>
    public static async Task<IReadOnlyList<DiffRow>> ReadAsync(string root, string metricsFile, string baseline, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, metricsFile);
        if (!File.Exists(path))
            return [];
        var current = TopLevelNumbers(await File.ReadAllTextAsync(path, cancellationToken));
        var (baselineText, _) = await GitBaseline.ReadAsync(root, baseline, metricsFile, cancellationToken);
        var previous = baselineText is null ? [] : TopLevelNumbers(baselineText).ToDictionary(StringComparer.Ordinal);
        var shown = names.Count > 0 ? current.Where(metric => names.Contains(metric.Key)) : current.Take(DefaultCount);
        return shown.Select(metric => new DiffRow(metric.Key, baselineText is null ? null : previous.GetValueOrDefault(metric.Key), metric.Value)).ToList();
    }

    /// <summary>The first <see cref="DefaultCount"/> top-level numbers of the metrics file as they are now; empty when it is missing.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> CurrentAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? TopLevelNumbers(await File.ReadAllTextAsync(path, cancellationToken)).Take(DefaultCount).ToList() : [];

    /// <summary>The <paramref name="names"/> given, else the first <see cref="DefaultCount"/> of <paramref name="metrics"/>, in their order.</summary>
    public static IEnumerable<KeyValuePair<string, double>> Pick(IEnumerable<KeyValuePair<string, double>> metrics, IReadOnlyList<string> names) =>
        names.Count > 0 ? metrics.Where(metric => names.Contains(metric.Key)) : metrics.Take(DefaultCount);

    private static List<KeyValuePair<string, string>> TopLevelNumbers(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? []
                : document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.GetDouble().ToString("0.######", CultureInfo.InvariantCulture))).ToList();
        }
        catch (JsonException)
        {
            return []; // a message is no place to fail over a malformed file; Report says what is wrong with it
        }
    }
}
