using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>Push: every tag of the image to the registry (the local one by default, started when needed); records the digest.</summary>
public interface IPush : IContainerize
{
    /// <summary>Registry user for plain registries.</summary>
    [Parameter("Registry user name (plain registries; ECR, ACR, GAR, GHCR and GitLab sign in through their cloud or CI)")]
    string? RegistryUsername => Parameter<string?>(null);

    /// <summary>Registry password or token for plain registries.</summary>
    [Parameter("Registry password or token"), Secret]
    string? RegistryPassword => Parameter<string?>(null);

    /// <summary>The key that signs each pushed digest (cosign's format).</summary>
    [Parameter("ECDSA P-256 private key (PEM text, unencrypted) that signs each pushed digest in cosign's format, attached as sha256-<hex>.sig; unset: images are not signed"), Secret]
    string? SigningKey => Parameter<string?>(null);

    /// <summary>Pushes the image.</summary>
    Target Push => _ => _
        .Description("Push the image's tags to the registry (only missing blobs); record the digest (artifacts/image-digest.txt), the bill of materials (CycloneDX 1.6: model, datasets, packages; artifacts/bom.cdx.json) and the SLSA provenance (in-toto; artifacts/provenance.intoto.json), and attach both to the image, signed with --signing-key")
        .DependsOn(Containerize)
        .Outputs(ContainerSettings.DigestFile, SupplyChain.ModelBom.FileName, SupplyChain.SlsaProvenance.FileName)
        .Executes(async cancellationToken =>
        {
            var startedOn = DateTimeOffset.UtcNow;
            ImagePusher.ThrowIfOnlyThisRunnerCouldPull(this, ContainerSettings);
            var credentials = await ImagePusher.CredentialsAsync(this, ContainerSettings, cancellationToken);
            var (digest, pushed) = await ImagePusher.PushOrFindAsync(RootDirectory, ContainerSettings, await ContainerTools.ForAsync(RootDirectory, ContainerSettings, Log, cancellationToken), credentials, Log, retagToCommit: true, cancellationToken);
            var attached = await SupplyChain.ImageAttachmentsStep.AttachAsync(this, credentials, startedOn, documentsCurrent: !pushed, cancellationToken);
            if (!pushed && !attached)
                ReportUnchanged(new UnchangedProof($"the registry still holds {digest[..Math.Min(19, digest.Length)]}…", SupplyChain.RegistryArtifacts.ManifestUri(ContainerSettings.Registry, ContainerSettings.ImageRepository, digest), []));
        });

    /// <summary>Stops the local registry.</summary>
    Target StopRegistry => _ => _
        .Description("Stop the local registry that Containerize/Push started")
        .Executes(() => Log.Info(LocalRegistry.Stop(ContainerTools.Existing(RootDirectory / ContainerSettings.StateDirectory, Log))
            ? "Stopped the local registry."
            : "No local registry was running (started by this checkout)."));
}
