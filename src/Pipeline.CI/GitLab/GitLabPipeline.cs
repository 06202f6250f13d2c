namespace Pipeline.CI.GitLab;

/// <summary>A GitLab CI pipeline: workflow rules, stages, defaults, variables and jobs.</summary>
internal sealed record GitLabPipeline
{
    /// <summary><c>workflow: rules: - if:</c>: which pipelines are created at all.</summary>
    public IReadOnlyList<string> WorkflowRulesIf { get; init; } = [];

    /// <summary>Stages in order.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>Default image of every job.</summary>
    public string Image { get; init; } = "";

    /// <summary>Files whose content keys the cache.</summary>
    public IReadOnlyList<string> CacheKeyFiles { get; init; } = [];

    /// <summary>Cached paths.</summary>
    public IReadOnlyList<string> CachePaths { get; init; } = [];

    /// <summary>Global variables.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The jobs, in dependency order.</summary>
    public IReadOnlyList<GitLabJob> Jobs { get; init; } = [];
}
