using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// Pushes every tag of the built image. buildah checks each blob with HEAD and uploads only missing ones; when the
/// registry already holds this build under the commit tag, nothing is pushed at all. Records the digest for Deploy.
/// </summary>
public static class ImagePusher
{
    /// <summary>Pushes the image of <paramref name="settings"/> with the build's registry credentials (masked).</summary>
    public static async Task<string> PushAsync(IPush build, ContainerSettings settings, ContainerTools tools, CancellationToken cancellationToken)
    {
        return await PushAsync(build.RootDirectory, settings, tools, await CredentialsAsync(build, settings, cancellationToken), build.Log, cancellationToken, retagToCommit: true);
    }

    /// <summary>The build's login to the registry of <paramref name="settings"/> (masked), or null where none is needed.</summary>
    internal static async Task<RegistryCredentials?> CredentialsAsync(IPush build, ContainerSettings settings, CancellationToken cancellationToken)
    {
        // keyless sign-in to a cloud registry needs the build's cloud accounts (ICloudSignIn: IKubernetesDeploy and IArtifactStorage bring it)
        var accounts = build is Cloud.ICloudSignIn signIn ? Cloud.CloudAccounts.Of(signIn) : new Cloud.CloudAccounts(build.EnvironmentVariable, SharedHttp.Cloud) { Mask = build.Log.MaskSecret };
        var credentials = await RegistryCredentialResolver.ResolveAsync(settings.Registry, accounts, build.RegistryUsername, build.RegistryPassword, (build as Cloud.IGoogleCloud)?.GoogleServiceAccountKey, cancellationToken);
        if (credentials is not null)
            build.Log.MaskSecret(credentials.Password);
        return credentials;
    }

    /// <summary>Refuses, before any tool starts, a CI job that would push to the runner's own loopback registry because no registry was given.</summary>
    public static void ThrowIfOnlyThisRunnerCouldPull(IPush build, ContainerSettings settings)
    {
        if (build.Registry is null && settings.IsLocalRegistry && CI.CiJobEnvironment.IsCiJob(build.EnvironmentVariable))
            throw new RegistryException($"Push runs in a CI job without a registry: it would push to {settings.Registry} on this runner, which no other job and no cluster can reach. Set the CI variable PIPELINE_REGISTRY (with PIPELINE_REGISTRY_USERNAME and the secret PIPELINE_REGISTRY_PASSWORD, or a cloud sign-in: see docs/ci-generation.md), or set ContainerSettings.Registry in ConfigureContainer.");
    }

    /// <summary>Pushes the recorded image; <paramref name="retagToCommit"/> first tags it with a clean commit made since it was built (<see cref="ImageRetag"/>).</summary>
    public static async Task<string> PushAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, RegistryCredentials? credentials, IBuildLog log, CancellationToken cancellationToken, bool retagToCommit = false) =>
        (await PushOrFindAsync(root, settings, tools, credentials, log, retagToCommit, cancellationToken)).Digest;

    /// <summary>As <see cref="PushAsync(AbsolutePath, ContainerSettings, ContainerTools, RegistryCredentials?, IBuildLog, CancellationToken, bool)"/>; <c>Pushed</c> is false when the registry already held the recorded digest.</summary>
    internal static async Task<(string Digest, bool Pushed)> PushOrFindAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, RegistryCredentials? credentials, IBuildLog log, bool retagToCommit, CancellationToken cancellationToken)
    {
        ImageName.ThrowIfInvalid(settings.ImageRepository);
        var imageFile = root / settings.ImageFile;
        if (!File.Exists(imageFile))
            throw new RegistryException($"{settings.ImageFile} is missing: run ./build.sh Containerize first.");
        var image = JsonSerializer.Deserialize<ImageRecord>(await File.ReadAllTextAsync(imageFile, cancellationToken), ImageRecord.Json)!;
        var digestFile = root / settings.DigestFile;
        var recorded = File.Exists(digestFile) ? (await File.ReadAllTextAsync(digestFile, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        if (retagToCommit)
            image = await ImageRetag.ToCommitAsync(root, settings, tools, image, recorded is [_, var id, var revision, ..] && id == image.ImageId ? revision : null, log, cancellationToken);
        var http = SharedHttp.RegistryTrusting(settings.RegistryCa);
        if (!settings.IsLocalRegistry)
            await new RegistryLogin(http).VerifyAsync(new Uri($"https://{settings.Registry}"), credentials, settings.ImageRepository, cancellationToken);
        var remote = settings.IsLocalRegistry ? await new RegistryClient(http, settings.Registry).DigestOfAsync(settings.ImageRepository, image.Tags[^1], cancellationToken) : null;
        if (remote is not null && recorded is [var digest, var imageId, ..] && digest == remote && imageId == image.ImageId)
        {
            log.Info($"{image.Image}:{image.Tags[^1]} is already in the registry as {remote}; nothing to push.");
            return (remote, false);
        }

        string? pushed;
        try
        {
            pushed = await ComposedImagePush.TryPushAsync(root, settings, tools, image, http, credentials, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new RegistryException($"Pushing {image.Image} to {settings.Registry} failed; ./build.sh Push starts the local registry again, then run ./build.sh Push again (it sends only what is missing). {exception.Message}", exception);
        }

        if (pushed is not null)
        {
            foreach (var tag in image.Tags)
                log.Info($"Pushed {image.Image}:{tag} -> {pushed} (the model layer and config; the app's layers were there)");
        }
        else
        {
            pushed = await PushWithBuildahAsync(root, settings, tools, credentials, image, http, log, cancellationToken);
        }

        AtomicFile.WriteAllText(digestFile, $"{pushed}\n{image.ImageId}\n{image.Revision}\n"); // the revision the pushed tags name (ImageRetag)
        return (pushed, true);
    }

    /// <summary>Every tag with <c>buildah push</c> (blobs the registry has are not sent); for the local registry, tags after the first are one PUT of the manifest.</summary>
    private static async Task<string> PushWithBuildahAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, RegistryCredentials? credentials, ImageRecord image, HttpClient http, IBuildLog log, CancellationToken cancellationToken)
    {
        string? pushed = null;
        using var authFile = AuthFile.Create(tools.StateDirectory, settings.Registry, credentials);
        foreach (var tag in image.Tags)
        {
            if (pushed is not null && settings.IsLocalRegistry)
            {
                // the blobs and manifest are there: one PUT of the manifest under the tag instead of another buildah push (a process, 0.2-0.4 s)
                try
                {
                    var registry = new SupplyChain.RegistryArtifacts(http, settings.Registry, settings.ImageRepository, credentials);
                    var (manifest, mediaType) = await registry.GetManifestAsync(pushed, cancellationToken) ?? throw new RegistryException($"The registry {settings.Registry} lost {image.Image}@{pushed} right after it was pushed.");
                    await registry.PutManifestAsync(tag, mediaType, manifest, cancellationToken);
                }
                catch (HttpRequestException exception)
                {
                    throw new RegistryException($"Tagging {image.Image}:{tag} in {settings.Registry} failed; ./build.sh Push starts the local registry again, then run ./build.sh Push again (it sends only what is missing). {exception.Message}", exception);
                }

                log.Info($"Pushed {image.Image}:{tag} -> {pushed}");
                continue;
            }

            var digestOut = Path.Combine(tools.StateDirectory, "digest");
            try
            {
                await tools.RunAsync("buildah",
                    ["push", "-q", $"--tls-verify={(!settings.IsLocalRegistry).ToString().ToLowerInvariant()}", .. tools.CertificateArguments(settings.Registry, settings.RegistryCa),
                        "--digestfile", digestOut, .. authFile.Arguments, $"{image.Image}:{tag}"],
                    root, cancellationToken, quiet: true);
            }
            catch (Tooling.ToolFailedException exception) when (exception.StandardError.Contains("x509:", StringComparison.Ordinal))
            {
                throw new RegistryException($"buildah does not trust the TLS certificate of {settings.Registry}: pass the CA that signed it with --registry-ca ca.pem (verification stays on). {exception.Message}", exception);
            }
            catch (Tooling.ToolFailedException exception)
            {
                // the registry went away or refused mid-push: nothing was recorded; blobs already there are not sent again
                var hint = settings.IsLocalRegistry ? "./build.sh Push starts the local registry again" : "check that the registry is reachable";
                throw new RegistryException($"Pushing {image.Image}:{tag} to {settings.Registry} failed; {hint}, then run ./build.sh Push again (it sends only what is missing). {exception.Message}", exception);
            }
            pushed = (await File.ReadAllTextAsync(digestOut, cancellationToken)).Trim();
            log.Info($"Pushed {image.Image}:{tag} -> {pushed}");
        }

        return pushed!;
    }
}
