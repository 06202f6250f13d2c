using Pipeline.CI.Declaration;
using Pipeline.Components.Containers;

namespace Pipeline.Components.CI;

/// <summary>
/// The job that runs Push attests the build provenance of the digest it pushed (on GitHub: actions/attest-build-provenance,
/// with <c>id-token</c> and <c>attestations</c> write in that job only), unless the build declared otherwise for it.
/// </summary>
internal static class ImageAttestationSetup
{
    public static CiPipeline Apply(CiPipeline pipeline, ContainerSettings? container)
    {
        if (container is null)
            return pipeline;
        var attestation = new CiImageAttestation(container.DigestFile, container.ImageFile);
        return pipeline with
        {
            Jobs = [.. pipeline.Jobs.Select(job => job.Target == nameof(IPush.Push) && job.ImageAttestation is null ? job with { ImageAttestation = attestation } : job)],
        };
    }
}
