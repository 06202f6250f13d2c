
namespace Pipeline.Components.Comparison;

/// <summary>Files as they are on the baseline branch, read with <c>git show ref:path</c>; null (with the reason) when git cannot give them.</summary>
public static class GitBaseline
{
    /// <summary>The file at <paramref name="path"/> as of git <paramref name="reference"/>, or why it could not be read.</summary>
    public static async Task<(string? Content, string? Problem)> ReadAsync(string rootDirectory, string reference, string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("git", ["show", $"{reference}:{path}"], rootDirectory) { ThrowOnFailure = false }, cancellationToken);
            return result.ExitCode == 0
                ? (result.StandardOutput, null)
                : (null, $"{path} is not on {reference} ({result.StandardError.Trim().Split('\n')[0]})");
        }
        catch (Tooling.ToolNotFoundException)
        {
            return (null, "git is not installed");
        }
    }
}
