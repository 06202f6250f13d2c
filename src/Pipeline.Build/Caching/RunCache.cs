using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// Every run remembered, not only the last (DVC's run cache): a repository-scoped target that ran leaves its entry
/// under <c>.nuke/cache/runs/&lt;target&gt;/&lt;key of its inputs and parameters&gt;.json</c> and its outputs in the local
/// store, so going back to inputs it ran with before (a reverted params.yaml) restores those outputs instead of
/// running it again.
/// </summary>
internal sealed class RunCache(string rootDirectory, IBuildLog? log)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly LocalArtifactStore store = new(Path.Combine(rootDirectory, BuildLayout.CacheDirectory), BuildLayout.CacheDirectory, log);

    /// <summary>Keeps the entry and copies its outputs into the local store (objects it holds already are not copied).</summary>
    public async Task RememberAsync(string target, StageEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (path, hash) in entry.Outputs)
                await store.PutAsync(hash, Path.Combine(rootDirectory, path), null, cancellationToken);
            AtomicFile.WriteAllText(PathOf(target, entry), JsonSerializer.Serialize(entry, Json));
        }
        catch (ArtifactStoreUnavailableException exception)
        {
            log?.Warn($"{exception.Message} This run of {target} is not remembered; the build goes on.");
        }
    }

    /// <summary>The entry of an earlier run with exactly these inputs and parameters, its outputs written back; null when there is none or its objects are gone.</summary>
    public async Task<StageEntry?> TryRestoreAsync(string target, StageEntry current, CancellationToken cancellationToken)
    {
        var file = PathOf(target, current);
        if (!File.Exists(file))
            return null;
        StageEntry? earlier;
        try
        {
            earlier = JsonSerializer.Deserialize<StageEntry>(await File.ReadAllTextAsync(file, cancellationToken));
        }
        catch (JsonException)
        {
            File.Delete(file); // a damaged record is only a missed shortcut
            return null;
        }

        if (earlier is null || !Same(earlier.Inputs, current.Inputs) || !Same(earlier.Parameters, current.Parameters))
            return null;
        foreach (var (path, hash) in earlier.Outputs)
        {
            if (!await store.ContainsAsync(hash, cancellationToken))
                return null;
        }

        foreach (var (path, hash) in earlier.Outputs)
        {
            if (!await store.TryGetAsync(hash, Path.Combine(rootDirectory, path), null, cancellationToken))
                return null; // corrupt object, removed by the store: the target runs
        }

        return earlier;
    }

    private string PathOf(string target, StageEntry entry) =>
        Path.Combine(rootDirectory, BuildLayout.CacheDirectory, "runs", target, KeyOf(entry) + ".json");

    /// <summary>SHA-256 over the sorted input and parameter hashes: equal exactly when the run would be the same.</summary>
    internal static string KeyOf(StageEntry entry)
    {
        var text = new StringBuilder();
        foreach (var (path, hash) in entry.Inputs)
            text.Append("input ").Append(path).Append(' ').Append(hash).Append('\n');
        foreach (var (name, hash) in entry.Parameters)
            text.Append("parameter ").Append(name).Append(' ').Append(hash).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool Same(IDictionary<string, string> a, IDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other == pair.Value);
}
