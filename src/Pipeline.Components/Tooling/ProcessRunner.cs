using System.Text;
using CliWrap;
using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>
/// The one way to run an external tool: output streamed line by line into the (masked) build log unless quiet, and
/// captured for the result and for failure messages; cancellation kills it; a missing tool names its install command.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="program"/>; a non-zero exit throws <see cref="ToolFailedException"/>.</summary>
    public static Task<ToolResult> RunAsync(IBuildLog log, string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        RunAsync(log, new ToolCommand(program, arguments, workingDirectory), cancellationToken);

    /// <summary>Runs the command quietly and returns its output (a query such as <c>git rev-parse</c>); nothing is logged.</summary>
    public static Task<ToolResult> CaptureAsync(ToolCommand command, CancellationToken cancellationToken) =>
        RunAsync(NoLog.Instance, command with { Quiet = true }, cancellationToken);

    /// <summary>Runs the command as it says (environment, standard input, quiet, exit-code check).</summary>
    public static async Task<ToolResult> RunAsync(IBuildLog log, ToolCommand command, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
#pragma warning disable RS0030 // the one place that starts processes
        var cli = Cli.Wrap(command.Program)
#pragma warning restore RS0030
            .WithArguments(command.Arguments)
            .WithWorkingDirectory(command.WorkingDirectory)
            .WithEnvironmentVariables(command.Environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                output.AppendLine(line);
                if (!command.Quiet)
                    log.Info("  " + line);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                error.AppendLine(line);
                if (!command.Quiet)
                    log.Info("  " + line); // tools write progress and tracebacks alike to stderr: the exit code, not the stream, says it failed
            }));
        if (command.StandardInput is { } input)
            cli = cli.WithStandardInputPipe(PipeSource.FromString(input));
        CommandResult result;
        try
        {
            result = await cli.ExecuteAsync(cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ToolNotFoundException(command.Program);
        }

        var stderr = error.ToString().Trim();
        if (result.ExitCode != 0 && command.ThrowOnFailure)
            throw new ToolFailedException(command, result.ExitCode, stderr, outputShownAbove: !command.Quiet);
        return new ToolResult(result.ExitCode, output.ToString().Trim(), stderr);
    }

    private sealed class NoLog : IBuildLog
    {
        public static readonly NoLog Instance = new();

        public void Info(string message) { }

        public void Warn(string message) { }

        public void Error(string message) { }

        public void MaskSecret(string value) { }

        public void Progress(string step, int done, int total) { }
    }
}
