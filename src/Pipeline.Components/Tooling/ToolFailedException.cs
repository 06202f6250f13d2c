using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>A tool exited with a non-zero code; carries what it wrote to standard error for diagnosis.</summary>
public sealed class ToolFailedException(ToolCommand command, int exitCode, string standardError, bool outputShownAbove)
    : PipelineException($"'{command}' exited with code {exitCode}{(outputShownAbove || standardError.Length == 0 ? $"; its output is above and in {BuildLayout.LogFile}" : ": " + LastLines(standardError))}")
{
    /// <summary>The command that failed.</summary>
    public ToolCommand Command { get; } = command;

    /// <summary>Its exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>What it wrote to standard error.</summary>
    public string StandardError { get; } = standardError;

    private static string LastLines(string text)
    {
        var lines = text.Trim().Split('\n');
        return string.Join('\n', lines.TakeLast(20)).Trim();
    }
}
