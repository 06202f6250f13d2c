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
    /// <summary>The settings after <see cref="ConfigureContainer"/>.</summary>
    ContainerSettings ContainerSettings => ConfigureContainer(new ContainerSettings());

    /// <summary>Override to change the project, registry, repository, base image.</summary>
    ContainerSettings ConfigureContainer(ContainerSettings settings) => settings;

    /// <summary>Builds the image.</summary>
    Target Containerize => _ => _
        .Description("Build the serving image daemonless (buildah): app and model in separate layers, tags latest and the commit sha")
        .DependsOn<ITrain>(x => x.Train)
        .Inputs($"{Path.GetDirectoryName(ContainerSettings.Project)}/**/*", "src/Model/**/*.cs", ContainerSettings.ModelDirectory)
        .Outputs(ContainerSettings.ImageFile)
        .CachedPerMachine()
        .Executes(async cancellationToken =>
        {
            var settings = ContainerSettings;
            var tools = await ContainerTools.PrepareAsync(Path.Combine(RootDirectory, settings.StateDirectory), settings.Registry, Log, cancellationToken);
            if (settings.IsLocalRegistry)
                await LocalRegistry.EnsureRunningAsync(tools, settings.Registry, Log, cancellationToken);
            await ImageBuilder.BuildAsync(RootDirectory, settings, tools, await SourceRevision.OfAsync(RootDirectory, cancellationToken), Log, cancellationToken);
        });
}
