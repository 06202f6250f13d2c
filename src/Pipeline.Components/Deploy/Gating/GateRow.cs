namespace Pipeline.Components.Deploy.Gating;

/// <summary>One line of the gate's table: the metric, both values (null where there is none), the rule and whether the challenger passes it.</summary>
internal sealed record GateRow(string Metric, double? Champion, double? Challenger, string Rule, bool Passes, string Why);
