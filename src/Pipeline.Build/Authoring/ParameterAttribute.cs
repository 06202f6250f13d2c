namespace Pipeline.Build;

/// <summary>
/// Marks a field or property as a build parameter. Values come from <c>--kebab-case</c>, then the environment
/// variable <c>PIPELINE_UPPER_SNAKE</c> (or the one <see cref="EnvironmentVariable"/> names), then
/// <c>.nuke/parameters.json</c>, then the default. Supported types: string, bool, int, enums, string arrays.
/// </summary>
/// <remarks>
/// The <c>PIPELINE_</c> prefix keeps parameters apart from the variables CI systems and shells set themselves
/// (<c>ENVIRONMENT</c>, <c>NAMESPACE</c>, <c>REGISTRY</c>). Name a variable only for a value the platform already
/// provides under a well-known name, such as <c>GITHUB_TOKEN</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description = "") : Attribute
{
    /// <summary>The prefix of every parameter's environment variable unless it names its own.</summary>
    public const string EnvironmentPrefix = "PIPELINE_";

    /// <summary>One line shown by <c>--help</c> and in the schema.</summary>
    public string Description { get; } = description;

    /// <summary>The environment variable to read instead of <c>PIPELINE_UPPER_SNAKE</c>, e.g. <c>GITHUB_TOKEN</c>.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>The smallest value an int parameter accepts; a smaller one stops the run before anything runs (exit 2).</summary>
    public int Minimum { get; init; } = int.MinValue;

    /// <summary>The largest value an int parameter accepts.</summary>
    public int Maximum { get; init; } = int.MaxValue;
}
