namespace Pipeline.Components.Deploy.Gating;

/// <summary>What the gate decided: a row per rule; it passes when every row does.</summary>
internal sealed record GateVerdict(IReadOnlyList<GateRow> Rows, DeployRecord? Champion)
{
    public bool Passes => Rows.All(row => row.Passes);

    /// <summary>The table as the log and the refusal show it: metric, champion, challenger, rule, verdict.</summary>
    public string Table() => PlainTable.Render(Cells().ToList());

    /// <summary>The table's cells, the header first: metric, champion, challenger, rule, verdict (Report renders them too).</summary>
    public IEnumerable<string[]> Cells() => Rows.Select(row => new[]
    {
        row.Metric, row.Champion is { } champion ? GateRule.Format(champion) : "—", row.Challenger is { } challenger ? GateRule.Format(challenger) : "missing", row.Rule,
        row.Passes ? "pass" : "FAIL: " + row.Why,
    }).Prepend(["metric", Champion is null ? "champion (none yet)" : $"champion ({Champion.ShortRevision})", "challenger", "rule", "verdict"]);
}
