namespace Pipeline.Build;

/// <summary>
/// Marks a field or property as a build parameter. Values come from <c>--kebab-case</c>,
/// then the environment (<c>UPPER_SNAKE</c>), then <c>.nuke/parameters.json</c>, then the default.
/// Supported types: string, bool, int, enums, string arrays.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description = "") : Attribute
{
    /// <summary>One line shown by <c>--help</c> and in the schema.</summary>
    public string Description { get; } = description;
}
