using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>A tool is not on PATH; the message names the command that installs it.</summary>
public sealed class ToolNotFoundException(string program)
    : PipelineException($"'{program}' was not found on PATH. Install it ({InstallHint(program)}) and run again.")
{
    /// <summary>The missing program.</summary>
    public string Program { get; } = program;

    private static string InstallHint(string program) => program switch
    {
        "dotnet" => "the .NET SDK 10: https://learn.microsoft.com/dotnet/core/install/linux",
        "npm" or "node" => "apt-get install nodejs npm",
        "docker-registry" or "buildah" or "podman" or "skopeo" or "runc" or "rsync" or "git" => $"apt-get install {program}",
        _ => "with your system's package manager, or put it on PATH",
    };
}
