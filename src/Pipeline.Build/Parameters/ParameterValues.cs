namespace Pipeline.Build.Parameters;

/// <summary>Resolved, typed parameter values of one run. Every provided value is converted up front, so errors surface before anything runs.</summary>
internal sealed class ParameterValues
{
    private readonly Dictionary<string, (object? Value, string Source)> resolved = new(StringComparer.OrdinalIgnoreCase);

    public ParameterValues(IReadOnlyList<ParameterDescriptor> parameters, ParameterSources sources)
    {
        Parameters = parameters;
        foreach (var parameter in parameters)
        {
            if (sources.Find(parameter) is { } raw)
                resolved[parameter.MemberName] = (ParameterConverter.Convert(parameter, raw.Values, raw.Source), raw.Source);
        }
    }

    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    public bool TryGet(string memberName, out object? value)
    {
        var found = resolved.TryGetValue(memberName, out var entry);
        value = entry.Value;
        return found;
    }

    public string SourceOf(string memberName) => resolved.TryGetValue(memberName, out var entry) ? entry.Source : "default";

    public ParameterDescriptor? Find(string memberName) =>
        Parameters.FirstOrDefault(p => string.Equals(p.MemberName, memberName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sets provided values on fields and settable properties; interface parameters read them lazily.</summary>
    public void InjectInto(object build)
    {
        foreach (var parameter in Parameters.Where(p => !p.IsInterfaceMember))
        {
            if (resolved.TryGetValue(parameter.MemberName, out var entry))
                parameter.Assign(build, entry.Value);
        }
    }

    /// <summary>Current values of secret parameters, for masking.</summary>
    public IEnumerable<string> SecretValues(object build) =>
        Parameters.Where(p => p.IsSecret)
            .Select(p => p.CurrentValue(build))
            .SelectMany(value => value is string[] list ? list : [value?.ToString() ?? ""])
            .Where(value => value.Length > 0);
}
