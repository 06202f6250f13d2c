namespace Pipeline.Build.Shortcut;

/// <summary>A target of an up-to-date record and why it was up to date, as its status line said it (masked).</summary>
internal sealed record RecordedTarget(string Name, string Reason);
