namespace Pipeline.CI.GitHub;

/// <summary>A step: an action (<see cref="Uses"/> with inputs) or a shell command (<see cref="Run"/>).</summary>
internal sealed record GitHubStep(string Name)
{
    /// <summary>The step's id, for later steps to read its outputs (<c>steps.ID.outputs.NAME</c>).</summary>
    public string? Id { get; init; }

    /// <summary>An action, like <c>actions/checkout@&lt;sha&gt;</c> (the generator pins its own by commit, <see cref="PinnedActions"/>).</summary>
    public string? Uses { get; init; }

    /// <summary>Inputs of the action.</summary>
    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

    /// <summary>A shell command.</summary>
    public string? Run { get; init; }

    /// <summary>Environment of this step.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}
