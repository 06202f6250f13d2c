namespace Pipeline.Build.Caching;

/// <summary>A content-addressed store of stage outputs and data files: objects named by their SHA-256.</summary>
public interface IArtifactStore
{
    /// <summary>A short description for messages ("local store .nuke/cache").</summary>
    string Description { get; }

    /// <summary>Whether the store holds the object.</summary>
    Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Stores a file under its hash; an object that is already there is not written again.</summary>
    Task PutAsync(string sha256, string sourcePath, CancellationToken cancellationToken);

    /// <summary>Writes the object to <paramref name="destinationPath"/> atomically after checking its hash; false when it is missing or corrupt (a miss, never a failure).</summary>
    Task<bool> TryGetAsync(string sha256, string destinationPath, CancellationToken cancellationToken);
}
