using Pipeline.Build.Graph;
using Pipeline.Build.Output;
using Pipeline.Build.Parameters;

namespace Pipeline.Build.Cli;

/// <summary>Prints <c>--help</c>: usage, every target with description, dependencies and cache, every parameter with type, sources and value, grouped by the component that declares it.</summary>
internal static class HelpWriter
{
    public static void Write(BuildConsole console, TargetGraph graph, ExecutableTarget? defaultTarget, ParameterValues parameters, object build)
    {
        console.Info("Usage: ./build.sh [targets...] [--skip [targets...]] [--plan] [--force] [--help] [--<parameter> <value>...]");
        console.Info("");
        console.Info($"Targets{(defaultTarget is null ? "" : $" (default: {defaultTarget.Name})")}; dependencies run first, cached targets whose inputs are unchanged are 'up to date':");
        var width = graph.Targets.Max(t => t.Name.Length) + 2;
        foreach (var target in graph.Targets.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            console.Info($"  {target.Name.PadRight(width)}{(target.Description.Length > 0 ? target.Description : "(no description)")}");
            var details = new List<string>();
            if (target.Dependencies.Count > 0)
                details.Add("depends on " + string.Join(", ", target.Dependencies.Select(d => d.Name)));
            if (target.Triggered.Count > 0)
                details.Add("triggers " + string.Join(", ", target.Triggered.Select(d => d.Name)));
            if (target.IsCacheable)
                details.Add($"cached{(target.Definition.IsCachedPerMachine ? " per machine" : "")}: {string.Join(", ", target.Definition.InputPaths.Concat(target.Definition.InputParameterNames.Select(p => "--" + ParameterNames.ToKebabCase(p))).Concat(target.Definition.InputValueSources.Select(source => source.Label).Where(label => label.Length > 0)))}{(target.Definition.OutputPaths.Count == 0 ? "" : " -> " + string.Join(", ", target.Definition.OutputPaths))}");
            if (target.Definition.RequiredParameters.Count > 0)
                details.Add("requires " + string.Join(", ", target.Definition.RequiredParameters.Select(p => "--" + ParameterNames.ToKebabCase(p))));
            if (details.Count > 0)
                console.Info($"  {"".PadRight(width)}{string.Join("; ", details)}");
        }

        console.Info("");
        console.Info($"Parameters (from --name, else the environment variable, else {ParametersFile.RelativePath}, else the default):");
        var names = parameters.Parameters.Select(p => $"{p.CommandLineName} <{ParameterConverter.Describe(p.ValueType)}>").ToList();
        var nameWidth = names.Count == 0 ? 0 : names.Max(n => n.Length) + 2;
        Type? group = null;
        foreach (var (parameter, name) in parameters.Parameters.Zip(names).OrderBy(pair => GroupOrder(parameters, pair.First)))
        {
            if (parameter.Member.DeclaringType != group)
            {
                group = parameter.Member.DeclaringType;
                console.Info($" {(group is { IsInterface: true } ? group.Name : "the build")}:");
            }

            var value = parameter.IsSecret ? (parameter.CurrentValue(build) is null ? "(not set)" : SecretMasker.Mask) : Format(parameter.CurrentValue(build));
            console.Info($"  {name.PadRight(nameWidth)}{parameter.Description}{(parameter.IsSecret ? " (secret)" : "")}");
            console.Info($"  {"".PadRight(nameWidth)}env {parameter.EnvironmentName}; value {value} ({parameters.SourceOf(parameter.MemberName)})");
        }

        console.Info("");
        console.Info("Options:");
        console.Info("  --skip [targets...]  skip the named targets; alone, skip every target that was not named (as CI jobs do)");
        console.Info("  --plan               print the ordered plan and write .nuke/temp/execution-plan.html; run nothing");
        console.Info("  --force              run cached targets even when they are up to date");
        console.Info("  --pull               restore outputs and tracked data missing locally from the artifact store (.nuke/cache, or --artifact-store) instead of re-running");
        console.Info("  --push[=false]       upload outputs of cached targets and tracked data to the artifact store (default: on when CI=true)");
        console.Info("  --help               this text");
        console.Info("");
        console.Info("Exit codes: 0 success, 1 a target failed or was cancelled, 2 usage or configuration error. Log: .nuke/temp/build.log");
    }

    /// <summary>Parameters grouped by the component (interface) or back-end that declares them, groups in the order they first appear.</summary>
    private static int GroupOrder(ParameterValues parameters, ParameterDescriptor parameter) =>
        parameters.Parameters.Select((candidate, index) => (candidate, index)).First(pair => pair.candidate.Member.DeclaringType == parameter.Member.DeclaringType).index;

    private static string Format(object? value) => value switch
    {
        null => "(not set)",
        string[] list => list.Length == 0 ? "(empty)" : string.Join(",", list),
        bool flag => flag ? "true" : "false",
        _ => Parameters.ParameterConverter.Display(value) ?? "",
    };
}
