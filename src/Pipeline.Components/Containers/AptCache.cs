using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>The machine's package index through <c>apt-cache</c>, as the offline base recipes read it.</summary>
internal static class AptCache
{
    private static readonly AptQueryMemo Memo = new(AptQueryMemo.DefaultDirectory, AptQueryMemo.AptLocations, async (arguments, cancellationToken) =>
    {
        var result = await ProcessRunner.CaptureAsync(new ToolCommand("apt-cache", arguments, "/") { ThrowOnFailure = false }, cancellationToken);
        return (result.ExitCode, result.StandardOutput);
    });

    /// <summary>What <c>apt-cache</c> prints for these arguments (empty where it finds nothing: the callers say what is missing); kept while the index is unchanged (<see cref="AptQueryMemo"/>).</summary>
    public static Task<string> QueryAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => Memo.QueryAsync(arguments, cancellationToken);

    /// <summary>"name=version" of each package at the index's candidate version (<see cref="RuntimePackages.CandidateVersions"/>).</summary>
    public static async Task<IReadOnlyList<string>> CandidateVersionsAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken) =>
        RuntimePackages.CandidateVersions(packages, await QueryAsync(["policy", .. packages], cancellationToken));
}
