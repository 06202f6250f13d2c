using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;

namespace Pipeline.Components.SupplyChain;

/// <summary>Push's and Deploy's use of <see cref="ImageAttachments"/> with the build's registry, login and keys.</summary>
internal static class ImageAttachmentsStep
{
    /// <summary>
    /// After Push: the bill of materials and the provenance written to artifacts/ and attached, and the digest signed
    /// with <c>--signing-key</c> when set; <paramref name="credentials"/> are the login Push used.
    /// </summary>
    public static async Task AttachAsync(IPush build, RegistryCredentials? credentials, DateTimeOffset startedOn, CancellationToken cancellationToken)
    {
        var settings = build.ContainerSettings;
        using var key = build.SigningKey is { Length: > 0 } pem ? SigningKeys.Private(pem) : null; // a malformed key fails before anything is written
        var image = await PushedImage.ReadAsync(build.RootDirectory, settings, cancellationToken);
        var registry = new RegistryArtifacts(SharedHttp.RegistryTrusting(settings.RegistryCa), settings.Registry, settings.ImageRepository, credentials);
        var configuration = await ImageConfiguration.ReadAsync(registry, image.Digest, cancellationToken);
        var subject = await ModelBomSubject.ReadAsync(build.RootDirectory, settings, build.TrainSettings, image.Digest, image.Revision, configuration, cancellationToken);
        var bom = ModelBomFile.WriteBom(build, subject);
        var origin = await SourceRevision.OriginAsync(build.RootDirectory, cancellationToken);
        var provenance = ModelBomFile.WriteProvenance(build, subject, BuildInvocation.FromEnvironment(build.EnvironmentVariable, origin, startedOn));
        await ImageAttachments.AttachAsync(registry, settings.ImageName, image.Digest, bom, provenance, key, build.Log, cancellationToken);
    }

    /// <summary>Before Deploy applies anything: the image's signature, checked with <c>--verification-key</c>, when the environment requires one.</summary>
    public static async Task VerifyAsync(IDeploy build, PushedImage image, CancellationToken cancellationToken)
    {
        if (!(build.DeploySettings.RequireSignature ?? build.RequireSignature))
            return;
        var key = build.VerificationKey is { Length: > 0 } text ? SigningKeys.Public(text, build.RootDirectory)
            : throw new Build.BuildConfigurationException("This environment requires signed images (--require-signature or DeploySettings.RequireSignature) and no --verification-key names the public key to check them with.");
        using (key)
        {
            await ImageAttachments.VerifyAsync(await RegistryOfAsync(build, image, cancellationToken), image.ImageName, image.Digest, key, cancellationToken);
            build.Log.Info($"{image.ShortReference} is signed by the --verification-key's key.");
        }
    }

    /// <summary>The registry and repository <paramref name="image"/> lives in, with the build's login when it is the build's registry.</summary>
    public static async Task<RegistryArtifacts> RegistryOfAsync(IPush build, PushedImage image, CancellationToken cancellationToken)
    {
        var (registryHost, repository) = Split(image.ImageName);
        var settings = build.ContainerSettings;
        var credentials = registryHost == settings.Registry ? await ImagePusher.CredentialsAsync(build, settings, cancellationToken) : null;
        return new RegistryArtifacts(SharedHttp.RegistryTrusting(settings.RegistryCa), registryHost, repository, credentials);
    }

    private static (string Registry, string Repository) Split(string imageName)
    {
        var slash = imageName.IndexOf('/');
        return slash < 0 ? ("docker.io", "library/" + imageName) : (imageName[..slash], imageName[(slash + 1)..]);
    }
}
