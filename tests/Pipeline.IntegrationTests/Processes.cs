using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.IntegrationTests;

/// <summary>Runs a program to completion and returns its exit code and its output (standard output, then error).</summary>
internal static class Processes
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?> { ["CI"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            variables[name] = value;
        var result = await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
