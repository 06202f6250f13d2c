using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>Push: every tag of the image to the registry (the local one by default, started when needed); records the digest.</summary>
public interface IPush : IContainerize
{
    /// <summary>Registry user for plain registries.</summary>
    [Parameter("Registry user name (plain registries; GAR, GHCR and GitLab take theirs from the CI environment)")]
    string? RegistryUsername => Parameter<string?>(nameof(RegistryUsername), null);

    /// <summary>Registry password or token for plain registries.</summary>
    [Parameter("Registry password or token"), Secret]
    string? RegistryPassword => Parameter<string?>(nameof(RegistryPassword), null);

    /// <summary>Service-account key for Google Artifact Registry / GCR: JSON, base64 JSON or a file.</summary>
    [Parameter("Google service-account key (JSON, base64 JSON or a file path) for Artifact Registry"), Secret]
    string? GoogleServiceAccountKey => Parameter<string?>(nameof(GoogleServiceAccountKey), null);

    /// <summary>Pushes the image.</summary>
    Target Push => _ => _
        .Description("Push the image's tags to the registry (only missing blobs); record the digest in artifacts/image-digest.txt")
        .DependsOn<IContainerize>(x => x.Containerize)
        .Outputs(ContainerSettings.DigestFile)
        .Executes(async cancellationToken =>
        {
            var settings = ContainerSettings;
            var tools = await ContainerTools.ForAsync(RootDirectory, settings, Log, cancellationToken);
            var credentials = RegistryCredentialResolver.Resolve(settings.Registry, EnvironmentVariable, RegistryUsername, RegistryPassword, GoogleServiceAccountKey);
            if (credentials is not null)
                Log.MaskSecret(credentials.Password);
            await ImagePusher.PushAsync(RootDirectory, settings, tools, credentials, Log, cancellationToken);
        });

    /// <summary>Stops the local registry.</summary>
    Target StopRegistry => _ => _
        .Description("Stop the local registry that Containerize/Push started")
        .Executes(() => Log.Info(LocalRegistry.Stop(ContainerToolsFor(this)) ? "Stopped the local registry." : "No local registry was running (started by this checkout)."));

    private static ContainerTools ContainerToolsFor(IPush build) =>
        ContainerTools.Existing(Path.Combine(build.RootDirectory, build.ContainerSettings.StateDirectory), build.Log);
}
