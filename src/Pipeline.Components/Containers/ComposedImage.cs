using System.Text.Json;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// What <see cref="ServingImage"/> composed last: the image's id, its config, the commit time its model layer was
/// written with and the model's path in the image (null in a record older than that: <see cref="ServingImage.ModelPath"/>); enough for <see cref="ComposedImagePush"/> to write the model layer again (the same bytes) and push it
/// without reading local storage.
/// </summary>
internal sealed record ComposedImage(string ImageId, string Config, long CommitEpoch, string? ModelPath)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // one per image repository: the serving image and the model image are composed in the same Containerize
    private static string PathIn(string stateDirectory, string repository) => Path.Combine(stateDirectory, "serving-image", $"composed-{repository.Replace('/', '_')}.json");

    public void Save(string stateDirectory, string repository) => AtomicFile.WriteAllText(PathIn(stateDirectory, repository), JsonSerializer.Serialize(this, Json));

    /// <summary>The record of the image <paramref name="imageId"/>, or null when the last composition for <paramref name="repository"/> was another image (or none, or unreadable).</summary>
    public static ComposedImage? Of(string stateDirectory, string repository, string imageId)
    {
        try
        {
            var path = PathIn(stateDirectory, repository);
            var recorded = File.Exists(path) ? JsonSerializer.Deserialize<ComposedImage>(File.ReadAllText(path), Json) : null;
            return recorded?.ImageId == imageId ? recorded : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
