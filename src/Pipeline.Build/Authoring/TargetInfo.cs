namespace Pipeline.Build;

/// <summary>A read-only description of one target of the running build, for generators (CI files, docs).</summary>
/// <param name="Name">The target's name (its property name).</param>
/// <param name="Description">The one-line description.</param>
/// <param name="DependsOn">Targets it depends on, by name.</param>
/// <param name="Outputs">Declared outputs, relative to the root.</param>
/// <param name="IsCachedPerMachine">Its cache entry is machine-local (work a fresh CI runner must redo).</param>
public sealed record TargetInfo(string Name, string Description, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Outputs, bool IsCachedPerMachine);
