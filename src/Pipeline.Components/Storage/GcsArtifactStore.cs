using System.Collections.Concurrent;
using System.Security.Cryptography;
using Pipeline.Build;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Storage;

/// <summary>
/// The artifact store in a Cloud Storage bucket: objects at <c>PREFIX/files/sha256/ab/cdef…</c> (DVC's layout, with
/// SHA-256), written once (<c>ifGenerationMatch=0</c>), checked by hash after download.
/// </summary>
internal sealed class GcsArtifactStore : IArtifactStore
{
    private const int LookupsAtOnce = 8;
    private readonly GcsLocation location;
    private readonly GcsClient client;
    private readonly IBuildLog log;

    internal GcsArtifactStore(GcsLocation location, GcsClient client, IBuildLog log)
    {
        this.location = location;
        this.client = client;
        this.log = log;
    }

    /// <summary>A store in <paramref name="location"/> reached at <paramref name="endpoint"/> with the given key (null: application default credentials).</summary>
    public static GcsArtifactStore Create(GcsLocation location, Uri endpoint, string? serviceAccountKey, GcsOptions options, IBuildLog log) =>
        Create(location, endpoint, token => GcsCredentials.CreateAsync(serviceAccountKey, location.Bucket, token), options, log);

    /// <summary>A store whose access tokens come from <paramref name="credentials"/> (workload identity federation).</summary>
    public static GcsArtifactStore Create(GcsLocation location, Uri endpoint, Func<CancellationToken, Task<Google.Apis.Auth.OAuth2.ITokenAccess>> credentials, GcsOptions options, IBuildLog log) =>
        new(location, new GcsClient(endpoint, location.Bucket, credentials, options, log), log);

    /// <inheritdoc />
    public string Description => location.ToString();

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => client.ExistsAsync(ObjectName(sha256), cancellationToken);

    /// <summary>Few hashes: one metadata read each; many: one listing per two-character shard they fall in.</summary>
    public async Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = LookupsAtOnce, CancellationToken = cancellationToken };
        if (hashes.Count <= 32)
        {
            await Parallel.ForEachAsync(hashes, options, async (hash, token) =>
            {
                if (await ContainsAsync(hash, token))
                    found[hash] = true;
            });
            return found.Keys.ToHashSet(StringComparer.Ordinal);
        }

        var wanted = hashes.ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(wanted.Select(hash => hash[..2]).Distinct(), options, async (shard, token) =>
        {
            foreach (var name in await client.ListAsync($"{location.Prefix}files/sha256/{shard}/", token))
            {
                var hash = shard + name[(name.LastIndexOf('/') + 1)..];
                if (wanted.Contains(hash))
                    found[hash] = true;
            }
        });
        return found.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        client.UploadAsync(ObjectName(sha256), sourcePath, progress, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> TryGetAsync(string sha256, string destinationPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        var temporary = $"{destinationPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                if (!await client.DownloadAsync(ObjectName(sha256), file, hash, progress, cancellationToken))
                    return false;
            }

            if (Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256)
            {
                log.Warn($"{Description}: object {ObjectName(sha256)} does not match its hash (corrupt or tampered); ignoring it.");
                return false;
            }

            File.Move(temporary, destinationPath, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string ObjectName(string sha256) => $"{location.Prefix}files/sha256/{sha256[..2]}/{sha256[2..]}";
}
