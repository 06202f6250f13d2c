using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What names one command: checkout, working directory, arguments and the whole environment (parameters, CI and
/// whatever settings read), less the variables a shell changes on its own. Two runs with the same key and unchanged
/// files decide the same.
/// </summary>
internal static class RunKey
{
    private static readonly HashSet<string> Volatile = new(["_", "OLDPWD", "PWD", "SHLVL", "COLUMNS", "LINES"], StringComparer.Ordinal);

    /// <summary>The process's environment, as the run sees it.</summary>
    public static Dictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);

    public static string Of(string rootDirectory, string workingDirectory, IReadOnlyList<string> args, IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var text = new StringBuilder("root\0").Append(rootDirectory).Append("\0cwd\0").Append(workingDirectory);
        foreach (var arg in args)
            text.Append("\0arg\0").Append(arg);
        foreach (var (name, value) in environment.Where(variable => !Volatile.Contains(variable.Key)).OrderBy(variable => variable.Key, StringComparer.Ordinal))
            text.Append("\0env\0").Append(name).Append('=').Append(value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
