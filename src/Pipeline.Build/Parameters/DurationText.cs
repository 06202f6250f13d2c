using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Build.Parameters;

/// <summary>
/// Durations as people type them on a command line: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>, <c>2d</c>, a bare
/// number of seconds (<c>90</c>), or <c>hh:mm:ss</c>. TimeSpan's own parser reads "90" as 90 days, hence our own.
/// </summary>
internal static partial class DurationText
{
    public const string Form = "a duration such as 90s, 5m, 1h30m or 250ms";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 && (duration = TimeSpan.FromSeconds(seconds)) >= TimeSpan.Zero;
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        var parts = Units().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
            return false;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return true;
    }

    /// <summary>The shortest text that reads back as the same duration (<c>90s</c>, <c>5m</c>, <c>1h30m</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
            return "0s";
        var text = (duration.Days > 0 ? $"{duration.Days}d" : "") + (duration.Hours > 0 ? $"{duration.Hours}h" : "") + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "")
                   + (duration.Seconds > 0 ? $"{duration.Seconds}s" : "") + (duration.Milliseconds > 0 ? $"{duration.Milliseconds}ms" : "");
        return text;
    }

    [GeneratedRegex(@"(?<amount>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h|d)")]
    private static partial Regex Units();
}
