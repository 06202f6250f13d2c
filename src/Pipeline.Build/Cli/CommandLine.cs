namespace Pipeline.Build.Cli;

/// <summary>
/// The parsed command line: <c>[targets…] [--skip [targets…]] [--plan] [--help] [--force] [--&lt;parameter&gt; values…]</c>.
/// Parameter names stay in kebab-case here; they are matched to members later.
/// </summary>
internal sealed record CommandLine(
    IReadOnlyList<string> Targets,
    bool Help,
    bool Plan,
    bool Force,
    bool Pull,
    bool? Push,
    IReadOnlyList<string>? Skip,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var targets = new List<string>();
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        bool help = false, plan = false, force = false, pull = false;
        bool? push = null;
        List<string>? skip = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?" or "/?")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                targets.Add(arg);
                continue;
            }

            var name = arg[2..];
            var values = new List<string>();
            var inlineValue = name.IndexOf('=');
            if (inlineValue >= 0)
            {
                values.Add(name[(inlineValue + 1)..]);
                name = name[..inlineValue];
            }

            var isFlag = name.ToLowerInvariant() is "help" or "plan" or "force" or "pull" or "push";
            while (inlineValue < 0 && !isFlag && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                values.Add(args[++i]);

            switch (name.ToLowerInvariant())
            {
                case "help":
                    help = true;
                    break;
                case "plan":
                    plan = true;
                    break;
                case "force":
                    force = !string.Equals(values.FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase);
                    break;
                case "pull":
                    pull = !string.Equals(values.FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase);
                    break;
                case "push":
                    push = !string.Equals(values.FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase);
                    break;
                case "skip":
                    (skip ??= []).AddRange(values);
                    break;
                case "target":
                    targets.AddRange(values);
                    break;
                case "":
                    throw new BuildConfigurationException("'--' must be followed by a parameter name, like --configuration Release.");
                default:
                    parameters[name] = values;
                    break;
            }
        }

        return new CommandLine(targets, help, plan, force, pull, push, skip, parameters);
    }

    /// <summary>
    /// A switch like <c>--dry-run</c> followed by a target (<c>--dry-run Deploy</c>) took the target as its value;
    /// gives such values back to the targets. Only the parameter's type tells, so this runs after discovery.
    /// </summary>
    public CommandLine WithSwitches(IEnumerable<string> switchNames)
    {
        var switches = switchNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targets = Targets.ToList();
        var parameters = new Dictionary<string, IReadOnlyList<string>>(Parameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in Parameters)
        {
            if (!switches.Contains(name) || values.Count == 0 || bool.TryParse(values[0], out _))
                continue;
            targets.AddRange(values);
            parameters[name] = [];
        }

        return this with { Targets = targets, Parameters = parameters };
    }
}
