namespace Pipeline.Components.Storage;

/// <summary>How the Cloud Storage client uploads and retries; the defaults suit real buckets, tests shrink them.</summary>
public sealed record GcsOptions
{
    /// <summary>Files from this size are sent in a resumable session instead of one request.</summary>
    public long ResumableThreshold { get; init; } = 8L << 20;

    /// <summary>Bytes per resumable chunk; Cloud Storage wants a multiple of 256 KiB.</summary>
    public int ChunkSize { get; init; } = 8 << 20;

    /// <summary>First wait before a retry; it doubles (with jitter) per attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a request answered 408/429/5xx or cut off, before the store counts as unreachable.</summary>
    public int MaxRetries { get; init; } = 6;
}
