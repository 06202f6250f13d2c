using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// The serving image without its model: the base, the settings and the app (the published .NET app, or what a user's
/// Containerfile puts in before its model), built by <c>buildah bud</c> when its inputs change, and remembered (image
/// id, manifest, config) under those inputs, so that a model change composes the serving image from it without a
/// build (<see cref="ServingImage"/>). Tagged in local storage only, so that pruning dangling images leaves it.
/// </summary>
internal sealed record AppImage(string Inputs, string Id, string Manifest, string Config)
{
    private const string RecordName = "app-image.json";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The app image recorded in <paramref name="directory"/> for these <paramref name="inputs"/>, or null (none, other inputs, unreadable).</summary>
    public static AppImage? Recorded(string directory, string inputs)
    {
        var path = Path.Combine(directory, RecordName);
        try
        {
            var recorded = File.Exists(path) ? JsonSerializer.Deserialize<AppImage>(File.ReadAllText(path), Json) : null;
            return recorded is not null && recorded.Inputs == inputs ? recorded : null;
        }
        catch (JsonException)
        {
            return null; // a record cut short: build the app image again
        }
    }

    /// <summary>Builds the app image <paramref name="build"/> describes and records it under its inputs.</summary>
    public static async Task<AppImage> BuildAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, AppImageBuild build, SourceRevision revision, CancellationToken cancellationToken)
    {
        var record = Path.Combine(Directory.CreateDirectory(build.RecordDirectory).FullName, RecordName);
        File.Delete(record); // a build that fails leaves no record of an older app
        AtomicFile.WriteAllText(build.ContainerfilePath, build.Containerfile);
        var idFile = ImageBuilder.FreshImageIdFile(tools);
        await tools.RunAsync("buildah",
            [.. ImageBuilder.UnlabelledBudArguments(revision), "-t", NameOf(settings), "--iidfile", idFile, .. tools.CertificateArguments(settings.Registry, settings.RegistryCa), .. build.Arguments, "-f", build.ContainerfilePath, build.Context],
            root, cancellationToken, quiet: true);
        var id = await ImageBuilder.BuiltImageIdAsync(idFile, cancellationToken);
        using var inspected = JsonDocument.Parse(await tools.RunAsync("buildah", ["inspect", "--type", "image", id], root, cancellationToken, quiet: true));
        var image = new AppImage(build.Inputs, id, inspected.RootElement.GetProperty(nameof(Manifest)).GetString()!, inspected.RootElement.GetProperty(nameof(Config)).GetString()!);
        AtomicFile.WriteAllText(record, JsonSerializer.Serialize(image, Json));
        return image;
    }

    /// <summary>The app image's name in local storage, one per image repository: <c>localhost/pipeline-app/&lt;repository&gt;:latest</c>.</summary>
    internal static string NameOf(ContainerSettings settings) => $"localhost/pipeline-app/{settings.ImageRepository}:latest";
}
