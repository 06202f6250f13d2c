using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What names one command: checkout, working directory, arguments and the whole environment (parameters, CI and
/// whatever settings read), less the variables a shell changes on its own. Two runs with the same key and unchanged
/// files decide the same. Plain loops, no LINQ: this runs at start-up, where every generic instantiation is compiled.
/// </summary>
internal static class RunKey
{
    private static readonly HashSet<string> Volatile = new(["_", "OLDPWD", "PWD", "SHLVL", "COLUMNS", "LINES"], StringComparer.Ordinal);

    /// <summary>The process's environment, as the run sees it.</summary>
    public static Dictionary<string, string?> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = (string?)entry.Value;
        return environment;
    }

    public static string Of(string rootDirectory, string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var text = new StringBuilder("root\0").Append(rootDirectory).Append("\0cwd\0").Append(workingDirectory);
        foreach (var arg in args)
            text.Append("\0arg\0").Append(arg);
        var names = new List<string>(environment.Count);
        foreach (var name in environment.Keys)
        {
            if (!Volatile.Contains(name))
                names.Add(name);
        }

        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
            text.Append("\0env\0").Append(name).Append('=').Append(environment[name]);
        // a name, not a secret's guard: 128 bits keep keys apart without loading the crypto stack (and OpenSSL) at start-up
        return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
