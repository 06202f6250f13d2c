using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// The model as its own OCI image, in KServe's ModelCar shape: the model files under <c>/models</c> (one layer, written
/// by us: <see cref="ModelLayer"/>) on the offline busybox base (one layer, the same for every model; with the user
/// and description set once, by buildah, as an app image), the serving image's tags and OCI labels, timestamps fixed
/// to the commit time. A model-only change makes only a new model layer, with no build; a server change makes none.
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
        var recipe = await ModelCarBaseRecipe.CreateAsync(cancellationToken);
        var records = Path.Combine(tools.StateDirectory, "modelcar");
        var containerfile = $"FROM {OfflineBaseImage.NameOf(recipe)}\nUSER 1654\nLABEL org.opencontainers.image.description=\"Model files under /models (KServe ModelCar)\"\n";
        var busybox = new AppImageBuild(containerfile, Path.Combine(records, "Containerfile"), records, records, containerfile, []);
        var record = await ImageBuilder.ComposeOnAppAsync(root, settings, tools, revision, busybox, AppImage.Recorded(busybox.RecordDirectory, busybox.Inputs), model, "/models",
            async () => await OfflineBaseImage.EnsureAsync(tools, recipe, log, cancellationToken), log, cancellationToken);
        log.Info($"Built the model image {settings.ImageName}:{record.Tags[^1]} (and :latest): {settings.ModelDirectory} under /models");
        return record;
    }
}
