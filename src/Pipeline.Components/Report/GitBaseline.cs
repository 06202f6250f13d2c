using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.Components.Report;

/// <summary>Files as they are on the baseline branch, read with <c>git show ref:path</c>; null (with the reason) when git cannot give them.</summary>
internal static class GitBaseline
{
    public static async Task<(string? Content, string? Problem)> ReadAsync(string rootDirectory, string reference, string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Cli.Wrap("git")
                .WithArguments(["show", $"{reference}:{path}"])
                .WithWorkingDirectory(rootDirectory)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            return result.ExitCode == 0
                ? (result.StandardOutput, null)
                : (null, $"{path} is not on {reference} ({result.StandardError.Trim().Split('\n')[0]})");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "git is not installed");
        }
    }
}
