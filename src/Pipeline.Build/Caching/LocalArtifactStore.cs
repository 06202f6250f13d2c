namespace Pipeline.Build.Caching;

/// <summary>
/// The artifact store in a local directory (default <c>.nuke/cache</c>): objects at <c>ab/abcdef…</c>, written via a
/// temporary file and a rename so concurrent writers of the same object cannot tear it, checked on the way out.
/// </summary>
public sealed class LocalArtifactStore(string directory) : IArtifactStore
{
    /// <inheritdoc />
    public string Description => $"local store {directory}";

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(sha256)));

    /// <inheritdoc />
    public async Task PutAsync(string sha256, string sourcePath, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var source = File.OpenRead(sourcePath))
            await using (var destination = File.Create(temporary))
                await source.CopyToAsync(destination, cancellationToken);
            File.Move(temporary, target, overwrite: true); // another writer's identical object may have landed meanwhile
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryGetAsync(string sha256, string destinationPath, CancellationToken cancellationToken)
    {
        var source = PathOf(sha256);
        if (!File.Exists(source))
            return false;
        if (ContentHasher.HashFile(source) != sha256)
        {
            File.Delete(source); // corrupt: drop it so the next run stores a good copy
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        var temporary = $"{destinationPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var from = File.OpenRead(source))
            await using (var to = File.Create(temporary))
                await from.CopyToAsync(to, cancellationToken);
            File.Move(temporary, destinationPath, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string PathOf(string sha256) => Path.Combine(directory, sha256[..2], sha256);
}
