using Spectre.Console;

namespace Pipeline.Build.Execution;

/// <summary>What a run needs from its surroundings; tests pass their own root, environment and console.</summary>
internal sealed record BuildHost(string RootDirectory, IReadOnlyDictionary<string, string?> Environment, IAnsiConsole Console)
{
    /// <summary>This process's host: its environment (as read at start-up) and its console.</summary>
    public static BuildHost FromProcess(string rootDirectory, IReadOnlyDictionary<string, string?> environment) => new(rootDirectory, environment, ProcessConsole());

    /// <summary>Spectre wraps at 80 columns when output is redirected; CI logs read better unwrapped.</summary>
    private static IAnsiConsole ProcessConsole()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
            console.Profile.Width = 500;
        return console;
    }
}
