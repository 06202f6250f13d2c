using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>The machine's package index through <c>apt-cache</c>, as the offline base recipes read it.</summary>
internal static class AptCache
{
    /// <summary>What <c>apt-cache</c> prints for these arguments (empty where it finds nothing: the callers say what is missing).</summary>
    public static async Task<string> QueryAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await ProcessRunner.CaptureAsync(new ToolCommand("apt-cache", arguments, "/") { ThrowOnFailure = false }, cancellationToken)).StandardOutput;

    /// <summary>"name=version" of each package at the index's candidate version (<see cref="RuntimePackages.CandidateVersions"/>).</summary>
    public static async Task<IReadOnlyList<string>> CandidateVersionsAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken) =>
        RuntimePackages.CandidateVersions(packages, await QueryAsync(["policy", .. packages], cancellationToken));
}
