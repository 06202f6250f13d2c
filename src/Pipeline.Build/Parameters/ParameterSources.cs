namespace Pipeline.Build.Parameters;

/// <summary>The raw values from each source, keyed by member name; the first source that has a value wins.</summary>
internal sealed class ParameterSources(
    IReadOnlyDictionary<string, IReadOnlyList<string>> commandLine,
    IReadOnlyDictionary<string, string?> environment,
    IReadOnlyDictionary<string, IReadOnlyList<string>> parametersFile)
{
    public (IReadOnlyList<string> Values, string Source)? Find(ParameterDescriptor parameter)
    {
        if (commandLine.TryGetValue(parameter.MemberName, out var cli))
            return (cli, $"from {parameter.CommandLineName}");
        if (environment.TryGetValue(parameter.EnvironmentName, out var env) && !string.IsNullOrEmpty(env))
            return (SplitList(parameter, env), $"from environment variable {parameter.EnvironmentName}");
        if (parametersFile.TryGetValue(parameter.MemberName, out var file))
            return (file, $"from {ParametersFile.RelativePath}");
        return null;
    }

    private static IReadOnlyList<string> SplitList(ParameterDescriptor parameter, string value) =>
        parameter.ValueType == typeof(string[])
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [value];
}
