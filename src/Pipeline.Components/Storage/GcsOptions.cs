namespace Pipeline.Components.Storage;

/// <summary>How the Cloud Storage client uploads and retries; the defaults suit real buckets, tests shrink them.</summary>
public sealed record GcsOptions
{
    /// <summary>Bytes per request of an upload's resumable session (a file this size or smaller goes in one); a multiple of 256 KiB, as Cloud Storage wants.</summary>
    public int ChunkSize { get; init; } = 8 << 20;

    /// <summary>First wait before a retry; it doubles (with jitter) per attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a request answered 408/429/5xx or cut off, before the store counts as unreachable.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>How long one request may take until its response headers arrive (a body then streams as long as it flows).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the token endpoint may take to give an access token: one that accepts connections and never answers stops here.</summary>
    public TimeSpan TokenTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The total time an operation keeps retrying while the store cannot be reached at all (refused, no route, no answer):
    /// an unreachable store costs a build this much, then it goes on without the store. Busy answers (429, 5xx) keep
    /// their own, longer <see cref="MaxRetries"/>.
    /// </summary>
    public TimeSpan UnreachableBudget { get; init; } = TimeSpan.FromSeconds(10);
}
