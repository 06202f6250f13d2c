using System.Globalization;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Comparison;
using Pipeline.Components.Containers;
using Pipeline.Components.Train;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// What a model bill of materials describes, read from the checkout after Push: the image by digest, the model's files,
/// the data and hyper-parameters that made it, its metrics, the training command, and the packages the image was built with.
/// </summary>
internal sealed record ModelBomSubject(
    string ImageName,
    string Digest,
    string Revision,
    IReadOnlyDictionary<string, string> ModelFiles,
    IReadOnlyDictionary<string, string> Datasets,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> Command,
    IReadOnlyList<(string Name, string Version)> NuGetPackages,
    IReadOnlyList<DebianPackage> DebianPackages)
{
    /// <summary>
    /// Reads the subject of the image Push just pushed (<paramref name="digest"/>); its Debian packages are those
    /// <paramref name="image"/>'s labels list with versions, else the settings' runtime packages by name.
    /// </summary>
    public static async Task<ModelBomSubject> ReadAsync(AbsolutePath root, ContainerSettings container, TrainSettings train, string digest, string revision, ImageConfiguration image, CancellationToken cancellationToken)
    {
        var paramsFile = root / train.ParamsFile;
        var parameters = File.Exists(paramsFile) ? FlatValues.FromYaml(await File.ReadAllTextAsync(paramsFile, cancellationToken), train.ParamsFile) : new SortedDictionary<string, string>();
        var metricsFile = root / train.MetricsFile;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (File.Exists(metricsFile))
        {
            foreach (var (name, text) in FlatValues.FromJson(await File.ReadAllTextAsync(metricsFile, cancellationToken), train.MetricsFile))
            {
                if (!name.Contains('.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    metrics[name] = value;
            }
        }

        return new ModelBomSubject(container.ImageName, digest, revision, FilesOf(root, container.ModelDirectory), FilesOf(root, train.DataDirectory), parameters, metrics,
            train.Command, container.Project is { } project ? await NuGetPackagesAsync(root / project, cancellationToken) : [],
            DebianPackage.FromLabels(image.Labels, image.Architecture) is { Count: > 0 } closure ? closure : [.. container.RuntimePackages.Select(name => new DebianPackage(name, null, null, null))]);
    }

    /// <summary>Every file under a directory (or the file itself), relative to the root, with its SHA-256.</summary>
    private static SortedDictionary<string, string> FilesOf(AbsolutePath root, string path)
    {
        var full = root / path;
        var files = Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories) : File.Exists(full) ? [full.Value] : [];
        return new SortedDictionary<string, string>(files.ToDictionary(file => Path.GetRelativePath(root, file).Replace('\\', '/'), HashingCopy.HashFile), StringComparer.Ordinal);
    }

    /// <summary>The NuGet packages of a project's restore (its <c>obj/project.assets.json</c>: what the image's app was built with).</summary>
    private static async Task<IReadOnlyList<(string Name, string Version)>> NuGetPackagesAsync(string project, CancellationToken cancellationToken)
    {
        var assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
        if (!File.Exists(assets))
            return [];
        await using var stream = File.OpenRead(assets);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("libraries", out var libraries))
            return [];
        return [.. libraries.EnumerateObject()
            .Where(library => library.Value.TryGetProperty("type", out var type) && type.GetString() == "package")
            .Select(library => library.Name.Split('/') is [var name, var version] ? (name, version) : (library.Name, ""))
            .OrderBy(package => package.Item1, StringComparer.OrdinalIgnoreCase)];
    }
}
