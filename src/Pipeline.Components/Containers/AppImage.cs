using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// The serving image without its model: the base, the settings and the published app, built by <c>buildah bud</c> from
/// the generated Containerfile when the app or the settings change, and remembered (image id, manifest, config) beside
/// the publish output, so that a model change composes the serving image from it without a build
/// (<see cref="ServingImage"/>). Tagged in local storage only, so that pruning dangling images leaves it.
/// </summary>
internal sealed record AppImage(string Containerfile, string Id, string Manifest, string Config)
{
    private const string RecordName = "app-image.json";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The app image recorded in <paramref name="context"/> for this <paramref name="containerfile"/>, or null (none, another Containerfile, unreadable).</summary>
    public static AppImage? Recorded(string context, string containerfile)
    {
        var path = Path.Combine(context, RecordName);
        try
        {
            var recorded = File.Exists(path) ? JsonSerializer.Deserialize<AppImage>(File.ReadAllText(path), Json) : null;
            return recorded is not null && recorded.Containerfile == containerfile ? recorded : null;
        }
        catch (JsonException)
        {
            return null; // a record cut short: build the app image again
        }
    }

    /// <summary>Builds the app image from <paramref name="containerfile"/> in <paramref name="context"/> and records it there.</summary>
    public static async Task<AppImage> BuildAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, string context, string containerfile, SourceRevision revision, CancellationToken cancellationToken)
    {
        var record = Path.Combine(context, RecordName);
        File.Delete(record); // a build that fails leaves no record of an older app
        var file = Path.Combine(context, "Containerfile");
        await File.WriteAllTextAsync(file, containerfile, cancellationToken);
        var idFile = ImageBuilder.FreshImageIdFile(tools);
        await tools.RunAsync("buildah",
            [.. ImageBuilder.UnlabelledBudArguments(revision), "-t", NameOf(settings), "--iidfile", idFile, .. tools.CertificateArguments(settings.Registry, settings.RegistryCa), "-f", file, context],
            root, cancellationToken, quiet: true);
        var id = await ImageBuilder.BuiltImageIdAsync(idFile, cancellationToken);
        using var inspected = JsonDocument.Parse(await tools.RunAsync("buildah", ["inspect", "--type", "image", id], root, cancellationToken, quiet: true));
        var image = new AppImage(containerfile, id, inspected.RootElement.GetProperty(nameof(Manifest)).GetString()!, inspected.RootElement.GetProperty(nameof(Config)).GetString()!);
        AtomicFile.WriteAllText(record, JsonSerializer.Serialize(image, Json));
        return image;
    }

    /// <summary>The app image's name in local storage, one per image repository: <c>localhost/pipeline-app/&lt;repository&gt;:latest</c>.</summary>
    internal static string NameOf(ContainerSettings settings) => $"localhost/pipeline-app/{settings.ImageRepository}:latest";
}
