namespace Pipeline.CI.Declaration;

/// <summary>
/// A job that pushes an image attests its build provenance (SLSA) for the digest it pushed: on GitHub with
/// actions/attest-build-provenance, given only <c>id-token: write</c> and <c>attestations: write</c> in that job.
/// <paramref name="DigestFile"/>'s first line is the digest, <paramref name="ImageFile"/> holds <c>"image": "registry/repository"</c>.
/// </summary>
public sealed record CiImageAttestation(string DigestFile, string ImageFile);
