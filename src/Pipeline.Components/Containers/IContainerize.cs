using Pipeline.Build;
using Pipeline.Components.Train;

namespace Pipeline.Components.Containers;

/// <summary>
/// Containerize: the serving image, built daemonless (buildah) on an offline base image, tagged latest and the
/// short commit sha, the model in its own layer. Cached per machine: it runs again when the service, the model
/// or the settings change.
/// </summary>
public interface IContainerize : ITrain
{
    /// <summary>A base image to build on instead of the offline one.</summary>
    [Parameter("Base image for the serving image (e.g. a runtime image from a registry you can reach); default: the offline base built from Debian packages")]
    string? BaseImage => Parameter<string?>(nameof(BaseImage), null);

    /// <summary>The registry to push to.</summary>
    [Parameter("Registry host[:port] to push to, e.g. europe-west4-docker.pkg.dev; default: the local registry 127.0.0.1:5000")]
    string? Registry => Parameter<string?>(nameof(Registry), null);

    /// <summary>The image repository in the registry.</summary>
    [Parameter("Image repository in the registry, e.g. my-project/models/iris; default: pipeline/model-serving")]
    string? ImageRepository => Parameter<string?>(nameof(ImageRepository), null);

    /// <summary>The settings after <see cref="ConfigureContainer"/>.</summary>
    ContainerSettings ContainerSettings
    {
        get
        {
            var defaults = new ContainerSettings();
            return ConfigureContainer(defaults with
            {
                BaseImage = BaseImage,
                Registry = Registry ?? defaults.Registry,
                Repository = ImageRepository ?? defaults.Repository,
            });
        }
    }

    /// <summary>Override to change the project, registry, repository, base image.</summary>
    ContainerSettings ConfigureContainer(ContainerSettings settings) => settings;

    /// <summary>Builds the image.</summary>
    Target Containerize => _ => _
        .Description("Build the serving image daemonless (buildah): app and model in separate layers, tags latest and the commit sha")
        .DependsOn<ITrain>(x => x.Train)
        .Inputs([$"{Path.GetDirectoryName(ContainerSettings.Project)}/**/*", ContainerSettings.ModelDirectory, .. ContainerSettings.ExtraInputs])
        .InputParameters(nameof(BaseImage), nameof(Registry), nameof(ImageRepository))
        .Outputs(ContainerSettings.ImageFile)
        .CachedPerMachine()
        .Executes(async cancellationToken =>
        {
            var settings = ContainerSettings;
            var tools = await ContainerTools.ForAsync(RootDirectory, settings, Log, cancellationToken);
            await ImageBuilder.BuildAsync(RootDirectory, settings, tools, await SourceRevision.OfAsync(RootDirectory, cancellationToken), Log, cancellationToken);
        });
}
