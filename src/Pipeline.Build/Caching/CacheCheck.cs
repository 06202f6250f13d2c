namespace Pipeline.Build.Caching;

/// <summary>Whether a cached target can be skipped, why (or why not), and the input hashes it would record.</summary>
internal sealed record CacheCheck(bool IsUpToDate, string Reason, StageEntry CurrentInputs, bool WasRestored = false);
