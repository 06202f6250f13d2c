namespace Pipeline.CI.GitHub;

/// <summary>A step: an action (<see cref="Uses"/> with inputs) or a shell command (<see cref="Run"/>).</summary>
internal sealed record GitHubStep(string Name)
{
    /// <summary>An action, like <c>actions/checkout@/// <summary>An action pinned by version, like <c>actions/checkout@v4</c>.</summary>lt;sha/// <summary>An action pinned by version, like <c>actions/checkout@v4</c>.</summary>gt;</c> (the generator pins its own by commit, <see cref="PinnedActions"/>).</summary>
    public string? Uses { get; init; }

    /// <summary>Inputs of the action.</summary>
    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

    /// <summary>A shell command.</summary>
    public string? Run { get; init; }

    /// <summary>Environment of this step.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}
