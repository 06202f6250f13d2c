using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>Push: every tag of the image to the registry (the local one by default, started when needed); records the digest.</summary>
public interface IPush : IContainerize
{
    /// <summary>Pushes the image.</summary>
    Target Push => _ => _
        .Description("Push the image's tags to the registry (only missing blobs); record the digest in artifacts/image-digest.txt")
        .DependsOn<IContainerize>(x => x.Containerize)
        .Outputs(ContainerSettings.DigestFile)
        .Executes(async cancellationToken =>
        {
            var settings = ContainerSettings;
            var tools = await ContainerTools.PrepareAsync(Path.Combine(RootDirectory, settings.StateDirectory), settings.Registry, Log, cancellationToken);
            if (settings.IsLocalRegistry)
                await LocalRegistry.EnsureRunningAsync(tools, settings.Registry, Log, cancellationToken);
            await ImagePusher.PushAsync(RootDirectory, settings, tools, Log, cancellationToken);
        });

    /// <summary>Stops the local registry.</summary>
    Target StopRegistry => _ => _
        .Description("Stop the local registry that Containerize/Push started")
        .Executes(() => Log.Info(LocalRegistry.Stop(ContainerToolsFor(this)) ? "Stopped the local registry." : "No local registry was running (started by this checkout)."));

    private static ContainerTools ContainerToolsFor(IPush build) =>
        ContainerTools.Existing(Path.Combine(build.RootDirectory, build.ContainerSettings.StateDirectory), build.Log);
}
