namespace Pipeline.CI.GitHub;

/// <summary>
/// The actions every generated workflow uses, in one table: current majors that run on Node 24 (Node 20 was removed
/// from GitHub's runners in September 2026), each pinned by the commit its release tag points at. The tests check
/// every pin against the recorded tags and <c>action.yml</c> of its repository (tests/Fixtures/github-actions).
/// upload-artifact and download-artifact must stay a compatible pair (both v4 or later: the same artifact service).
/// </summary>
internal static class PinnedActions
{
    public static PinnedAction Checkout { get; } = new("actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1");

    public static PinnedAction SetupDotnet { get; } = new("actions/setup-dotnet", "v6.0.0", "a98b56852c35b8e3190ac28c8c2271da59106c68");

    public static PinnedAction Cache { get; } = new("actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae");

    public static PinnedAction UploadArtifact { get; } = new("actions/upload-artifact", "v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f");

    public static PinnedAction DownloadArtifact { get; } = new("actions/download-artifact", "v8.0.1", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c");

    /// <summary>A composite action over actions/attest v4.1.0 (node24): the SLSA build provenance of an image digest, in GitHub's attestation store.</summary>
    public static PinnedAction AttestBuildProvenance { get; } = new("actions/attest-build-provenance", "v4.1.0", "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32");

    public static IReadOnlyList<PinnedAction> All { get; } = [Checkout, SetupDotnet, Cache, UploadArtifact, DownloadArtifact, AttestBuildProvenance];

    /// <summary>The workflow text with each pinned <c>uses:</c> followed by its version as a comment.</summary>
    public static string WithVersionComments(string yaml) =>
        All.Aggregate(yaml, (text, action) => text.Replace($"uses: {action.Uses}\n", $"uses: {action.Uses} # {action.Version}\n", StringComparison.Ordinal));
}
