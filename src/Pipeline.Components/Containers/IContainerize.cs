using Pipeline.Build;
using Pipeline.Components.Train;

namespace Pipeline.Components.Containers;

/// <summary>
/// Containerize: the serving image, built daemonless (buildah) on an offline base image, tagged latest and the
/// short commit sha (<c>&lt;sha&gt;-dirty-&lt;content hash&gt;</c> from uncommitted changes), the model in its own layer. Cached per machine: it runs again when the service, the model
/// or the settings change.
/// </summary>
public interface IContainerize : ITrain
{
    /// <summary>A base image to build on instead of the offline one.</summary>
    [Parameter("Base image for the serving image (e.g. a runtime image from a registry you can reach); default: the offline base built from Debian packages")]
    string? BaseImage => Parameter<string?>(null);

    /// <summary>The registry to push to.</summary>
    [Parameter("Registry host[:port] to push to, e.g. europe-west4-docker.pkg.dev; default: the local registry 127.0.0.1:5000")]
    string? Registry => Parameter<string?>(null);

    /// <summary>The image repository in the registry.</summary>
    [Parameter("Image repository in the registry, e.g. my-project/models/iris; default: the repository's directory name, lower-cased")]
    string? ImageRepository => Parameter<string?>(null);

    /// <summary>A model trained elsewhere, packaged instead of Train's output.</summary>
    [Parameter("A model directory trained elsewhere, packaged instead of Train's output (with --skip Train, or --skip alone, nothing is trained)")]
    AbsolutePath? Model => Parameter<AbsolutePath?>(null);

    /// <summary>A private CA for the registry's TLS certificate.</summary>
    [Parameter("CA certificate (PEM file) that signs the registry's TLS certificate, for a registry with a private CA; verification is never switched off")]
    string? RegistryCa => Parameter<string?>(null);

    /// <summary>The defaults from the parameters and Train's model directory, before <see cref="ConfigureContainer"/>.</summary>
    sealed ContainerSettings ContainerSettingsBase
    {
        get
        {
            var defaults = new ContainerSettings { ImageRepository = ImageRepository ?? RepositoryDefaults.ImageRepository(RootDirectory) };
            return defaults with
            {
                BaseImage = BaseImage,
                Registry = Registry ?? defaults.Registry,
                ModelDirectory = Model is { } trainedElsewhere ? Path.GetRelativePath(RootDirectory, trainedElsewhere) : TrainSettings.ModelDirectory,
                RegistryCa = RegistryCa is { Length: > 0 } ca ? (RootDirectory / ca).Value : null,
            };
        }
    }

    /// <summary>The settings of this run: <see cref="ContainerSettingsBase"/> through <see cref="ConfigureContainer"/>, evaluated once.</summary>
    sealed ContainerSettings ContainerSettings => Settings(() => WithServingProject(ConfigureContainer(ContainerSettingsBase)));

    /// <summary>The repository's one ASP.NET project and its assembly where the settings name neither a project nor a Containerfile.</summary>
    private ContainerSettings WithServingProject(ContainerSettings settings)
    {
        if (settings.Containerfile is not null)
            return settings;
        var project = settings.Project ?? (RepositoryDefaults.ServingProjects(RootDirectory) is [var only] ? only : null);
        return project is null ? settings : settings with { Project = project, EntryAssembly = settings.EntryAssembly ?? RepositoryDefaults.EntryAssembly(RootDirectory, project) };
    }

    /// <summary>Override to change the project, registry, repository, base image.</summary>
    ContainerSettings ConfigureContainer(ContainerSettings settings) => settings;

    /// <summary>Builds the image.</summary>
    Target Containerize => _ => _
        .Description("Build the serving image daemonless (buildah): app and model in separate layers, tags latest and the commit sha")
        .DependsOn(Train)
        .Inputs([.. ContainerSettings.Inputs(RootDirectory)])
        .InputParameters(() => BaseImage, () => Registry, () => ImageRepository)
        .Outputs(ContainerSettings.ImageFile)
        .CachedPerMachine()
        .Executes(async cancellationToken =>
        {
            var tools = await ContainerTools.ForAsync(RootDirectory, ContainerSettings, Log, cancellationToken);
            await ImageBuilder.BuildAsync(RootDirectory, ContainerSettings, tools, await SourceRevision.OfAsync(RootDirectory, ContainerSettings.Inputs(RootDirectory), cancellationToken), Log, cancellationToken);
        });
}
