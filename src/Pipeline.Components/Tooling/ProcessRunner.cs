using CliWrap;
using CliWrap.Exceptions;
using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>Runs a tool with its output streamed line by line into the build log (masked); cancellation kills it.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="program"/>; a non-zero exit fails the target with the command and exit code.</summary>
    public static async Task RunAsync(IBuildLog log, string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        try
        {
            await Cli.Wrap(program)
                .WithArguments(arguments)
                .WithWorkingDirectory(workingDirectory)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(line => log.Info("  " + line)))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line => log.Warn("  " + line)))
                .ExecuteAsync(cancellationToken);
        }
        catch (CommandExecutionException exception)
        {
            throw new TargetFailedException($"'{program} {string.Join(' ', arguments)}' exited with code {exception.ExitCode}; its output is above and in .nuke/temp/build.log.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new TargetFailedException($"'{program}' was not found on PATH. Install it, or put it on PATH, and run again.");
        }
    }
}
