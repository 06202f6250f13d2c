using System.Text.Json.Nodes;

namespace Pipeline.Components.SupplyChain;

/// <summary>What an image's config blob says about it that a bill of materials needs: its architecture and labels.</summary>
internal sealed record ImageConfiguration(string? Architecture, IReadOnlyDictionary<string, string> Labels)
{
    private const string LabelsField = "Labels"; // the OCI image config's field name

    /// <summary>No architecture, no labels: an image whose config could not be read.</summary>
    public static readonly ImageConfiguration Unknown = new(null, new Dictionary<string, string>());

    /// <summary>The config of the single-platform image <paramref name="digest"/> (an index: <see cref="Unknown"/>).</summary>
    public static async Task<ImageConfiguration> ReadAsync(RegistryArtifacts registry, string digest, CancellationToken cancellationToken)
    {
        if (await registry.GetManifestAsync(digest, cancellationToken) is not { } manifest
            || JsonNode.Parse(manifest.Content)?["config"]?["digest"]?.GetValue<string>() is not { } configDigest)
            return Unknown;
        try
        {
            var config = JsonNode.Parse(await registry.GetBlobAsync(configDigest, cancellationToken));
            var labels = config?["config"]?[LabelsField] is JsonObject map
                ? map.Where(pair => pair.Value is JsonValue value && value.TryGetValue<string>(out _)).ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>())
                : [];
            return new ImageConfiguration(config?["architecture"] is JsonValue architecture && architecture.TryGetValue<string>(out var name) ? name : null, labels);
        }
        catch (System.Text.Json.JsonException)
        {
            return Unknown; // a config that is not JSON describes nothing: the bill of materials goes without it
        }
    }
}
