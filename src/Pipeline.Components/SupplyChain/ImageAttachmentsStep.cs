using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;

namespace Pipeline.Components.SupplyChain;

/// <summary>Push's and Deploy's use of <see cref="ImageAttachments"/> with the build's registry, login and keys.</summary>
internal static class ImageAttachmentsStep
{
    /// <summary>
    /// After Push: the bill of materials and the provenance written to artifacts/ and attached, and the digest signed
    /// with <c>--signing-key</c> when set; <paramref name="credentials"/> are the login Push used. With
    /// <paramref name="documentsCurrent"/> (nothing was pushed: the image is the one they describe) documents already
    /// in artifacts/ are kept, so the provenance still names the build that made the image. Returns whether anything
    /// was attached or signed.
    /// </summary>
    public static async Task<bool> AttachAsync(IPush build, RegistryCredentials? credentials, DateTimeOffset startedOn, bool documentsCurrent, CancellationToken cancellationToken)
    {
        var settings = build.ContainerSettings;
        using var key = build.SigningKey is { Length: > 0 } pem ? SigningKeys.Private(pem) : null; // a malformed key fails before anything is written
        var image = await PushedImage.ReadAsync(build.RootDirectory, settings, cancellationToken);
        var registry = new RegistryArtifacts(SharedHttp.RegistryTrusting(settings.RegistryCa), settings.Registry, settings.ImageRepository, credentials);
        var bomFile = build.RootDirectory / ModelBom.FileName;
        var provenanceFile = build.RootDirectory / SlsaProvenance.FileName;
        byte[] bom, provenance;
        if (documentsCurrent && File.Exists(provenanceFile) && await CurrentBomAsync(bomFile, image.Digest, cancellationToken) is { } current)
        {
            bom = current;
            provenance = await File.ReadAllBytesAsync(provenanceFile, cancellationToken);
        }
        else
        {
            var configuration = await ImageConfiguration.ReadAsync(registry, image.Digest, cancellationToken);
            var subject = await ModelBomSubject.ReadAsync(build.RootDirectory, settings, build.TrainSettings, image.Digest, image.Revision, configuration, cancellationToken);
            bom = ModelBomFile.WriteBom(build, subject);
            var origin = await SourceRevision.OriginAsync(build.RootDirectory, cancellationToken);
            provenance = ModelBomFile.WriteProvenance(build, subject, BuildInvocation.FromEnvironment(build.EnvironmentVariable, origin, startedOn));
        }

        return await ImageAttachments.AttachAsync(registry, settings.ImageName, image.Digest, bom, provenance, key, build.Log, cancellationToken);
    }

    /// <summary>The bill of materials in <paramref name="file"/> when it describes <paramref name="digest"/> (its <c>metadata.component.version</c>); otherwise null.</summary>
    private static async Task<byte[]?> CurrentBomAsync(string file, string digest, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            return null;
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(bytes);
            var described = document.RootElement.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("component", out var component)
                && component.TryGetProperty("version", out var version) && version.ValueKind == System.Text.Json.JsonValueKind.String
                ? version.GetString() : null;
            return described == digest ? bytes : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a damaged file is written anew
        }
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
