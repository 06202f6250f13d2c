namespace Pipeline.Build.Caching;

/// <summary>
/// A content-addressed store of stage outputs and data files: objects named by their SHA-256. A missing object is a
/// miss, never a failure; a store that cannot be reached throws <see cref="ArtifactStoreUnavailableException"/>, and
/// one that refuses the credentials throws <see cref="TargetFailedException"/> naming the fix.
/// </summary>
public interface IArtifactStore
{
    /// <summary>A short description for messages ("local store .nuke/cache", "gs://bucket/cache").</summary>
    string Description { get; }

    /// <summary>Whether the store holds the object.</summary>
    Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="hashes"/> the store holds; a remote store answers many with one listing.</summary>
    async Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            if (await ContainsAsync(hash, cancellationToken))
                found.Add(hash);
        }

        return found;
    }

    /// <summary>Stores a file under its hash; an object that is already there is not written again. Reports bytes sent.</summary>
    Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the object to <paramref name="destinationPath"/> atomically after checking its hash; false when it is
    /// missing or corrupt (a miss). Reports bytes received.
    /// </summary>
    Task<bool> TryGetAsync(string sha256, string destinationPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken);
}
