namespace Pipeline.CI.GitHub;

/// <summary>A GitHub Actions workflow: triggers, top-level permissions and concurrency, environment and jobs.</summary>
internal sealed record GitHubWorkflow(string Name)
{
    /// <summary>Branches whose pull requests trigger the workflow.</summary>
    public IReadOnlyList<string> PullRequestBranches { get; init; } = [];

    /// <summary>Branches whose pushes trigger the workflow.</summary>
    public IReadOnlyList<string> PushBranches { get; init; } = [];

    /// <summary>Allow manual runs.</summary>
    public bool WorkflowDispatch { get; init; } = true;

    /// <summary>Default token permissions of every job.</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; init; } = new Dictionary<string, string>();

    /// <summary>Concurrency group of whole runs.</summary>
    public string? ConcurrencyGroup { get; init; }

    /// <summary>Whether a newer run cancels an older one of the same group (expression allowed).</summary>
    public string? CancelInProgress { get; init; }

    /// <summary>Environment of every job.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The jobs, in dependency order.</summary>
    public IReadOnlyList<GitHubJob> Jobs { get; init; } = [];
}
