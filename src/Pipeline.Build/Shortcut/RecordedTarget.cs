namespace Pipeline.Build.Shortcut;

/// <summary>
/// A target of an up-to-date record and why it was up to date, as its status line said it (masked); for a target that
/// ran and changed nothing, the loopback address that must still answer (<see cref="UnchangedProof.Check"/>).
/// </summary>
internal sealed record RecordedTarget(string Name, string Reason, Uri? Check = null);
