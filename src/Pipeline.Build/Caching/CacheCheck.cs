namespace Pipeline.Build.Caching;

/// <summary>
/// Whether a cached target can be skipped, why (or why not), and the input hashes it would record.
/// <paramref name="InputsMatch"/>: the recorded entry has these inputs (only outputs differ, so they may be restored).
/// </summary>
internal sealed record CacheCheck(bool IsUpToDate, string Reason, StageEntry CurrentInputs, bool InputsMatch = false, bool WasRestored = false)
{
    /// <summary>Outputs that are missing or differ from the recorded ones, when only outputs differ.</summary>
    public IReadOnlyList<string> StaleOutputs { get; init; } = [];
}
