using System.Text;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>What the gate decided: a row per rule; it passes when every row does.</summary>
internal sealed record GateVerdict(IReadOnlyList<GateRow> Rows, DeployRecord? Champion)
{
    public bool Passes => Rows.All(row => row.Passes);

    /// <summary>The table as the log and the refusal show it: metric, champion, challenger, rule, verdict.</summary>
    public string Table()
    {
        string[] header = ["metric", Champion is null ? "champion (none yet)" : $"champion ({Champion.ShortRevision})", "challenger", "rule", "verdict"];
        var lines = Rows.Select(row => new[]
        {
            row.Metric, row.Champion is { } champion ? GateRule.Format(champion) : "—", row.Challenger is { } challenger ? GateRule.Format(challenger) : "missing", row.Rule,
            row.Passes ? "pass" : "FAIL: " + row.Why,
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(column => lines.Max(line => line[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
            text.AppendLine("  " + string.Join("  ", line.Select((cell, column) => column == line.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        return text.ToString().TrimEnd();
    }
}
