using System.Text.Json;

namespace Pipeline.Components.Containers;

/// <summary>What Containerize built: the image name, its tags, the source revision and the local image id.</summary>
public sealed record ImageRecord(string Image, IReadOnlyList<string> Tags, string Revision, string ImageId)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
