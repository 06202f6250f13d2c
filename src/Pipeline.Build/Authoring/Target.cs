namespace Pipeline.Build;

/// <summary>
/// A target of the build: a property of this type declares one, named after the property.
/// <code>Target Train => _ => _.DependsOn&lt;IRestore&gt;().Executes(ct => ...);</code>
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
