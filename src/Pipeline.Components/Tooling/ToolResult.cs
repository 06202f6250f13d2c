namespace Pipeline.Components.Tooling;

/// <summary>How a tool ended: its exit code and its captured output.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The tool exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
