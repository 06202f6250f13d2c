using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// The model as its own OCI image, in KServe's ModelCar shape: the model files under <c>/models</c> (one layer) on the
/// offline busybox base (one layer, the same for every model), the serving image's tags and OCI labels, timestamps
/// fixed to the commit time. A model-only change makes only a new model layer; a server change makes none.
/// </summary>
internal static class ModelImageBuilder
{
    /// <summary>Builds the image of <paramref name="settings"/> (already <see cref="ContainerSettings.ForModelImage"/>) and records it in its image file.</summary>
    public static async Task<ImageRecord> BuildAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, IBuildLog log, CancellationToken cancellationToken)
    {
        ImageName.ThrowIfInvalid(settings.ImageRepository);
        var model = root / settings.ModelDirectory;
        if (!Directory.Exists(model) || !Directory.EnumerateFileSystemEntries(model).Any())
            throw new ImageBuildException($"No model in {settings.ModelDirectory}: run ./build.sh Train first (the model image holds what Train wrote there).");
        var baseImage = await OfflineBaseImage.EnsureAsync(tools, await ModelCarBaseRecipe.CreateAsync(cancellationToken), log, cancellationToken);
        var containerfile = Path.Combine(Directory.CreateDirectory(Path.Combine(tools.StateDirectory, "modelcar")).FullName, "Containerfile");
        AtomicFile.WriteAllText(containerfile, $"FROM {baseImage}\nCOPY . /models/\nUSER 1654\n");
        var tags = ImageBuilder.Tags(revision);
        var idFile = ImageBuilder.FreshImageIdFile(tools);
        await tools.RunAsync("buildah",
            [.. ImageBuilder.BudArguments(settings, revision, tags), "--iidfile", idFile, "--label", "org.opencontainers.image.description=Model files under /models (KServe ModelCar)", "-f", containerfile, model],
            root, cancellationToken, quiet: true);
        var record = await ImageBuilder.RecordAsync(root, settings, tools, revision, idFile, cancellationToken);
        log.Info($"Built the model image {settings.ImageName}:{record.Tags[^1]} (and :latest): {settings.ModelDirectory} under /models");
        return record;
    }
}
