namespace Pipeline.Build.Graph;

/// <summary>A target with its relations resolved to other targets of the same graph.</summary>
internal sealed class ExecutableTarget(string name, TargetDefinition definition, int declarationOrder)
{
    public string Name { get; } = name;
    public TargetDefinition Definition { get; } = definition;
    public int DeclarationOrder { get; } = declarationOrder;
    public string Description => Definition.Description;
    public List<ExecutableTarget> Dependencies { get; } = [];
    public List<ExecutableTarget> RunsAfter { get; } = [];
    public List<ExecutableTarget> RunsBefore { get; } = [];
    public List<ExecutableTarget> Triggered { get; } = [];
    // a machine-local target may have no outputs: its effect is on the machine (pip install into its environment)
    public bool IsCacheable => Definition.InputPaths.Count + Definition.InputParameterNames.Count + Definition.InputValueSources.Count > 0 && (Definition.OutputPaths.Count > 0 || Definition.IsCachedPerMachine);

    public override string ToString() => Name;
}
