namespace Pipeline.CI.GitLab;

/// <summary>A job of a GitLab pipeline.</summary>
internal sealed record GitLabJob(string Id, string Stage)
{
    /// <summary>The image, or null for the default.</summary>
    public string? Image { get; init; }

    /// <summary>Service containers by alias and image.</summary>
    public IReadOnlyDictionary<string, string> Services { get; init; } = new Dictionary<string, string>();

    /// <summary>Jobs it waits for, with or without their artifacts.</summary>
    public IReadOnlyList<GitLabNeed> Needs { get; init; } = [];

    /// <summary><c>rules: - if:</c> expressions; empty runs in every pipeline the workflow allows.</summary>
    public IReadOnlyList<string> RulesIf { get; init; } = [];

    /// <summary>Started by a person (<c>when: manual</c>), as a promotion to a protected environment.</summary>
    public bool Manual { get; init; }

    /// <summary>Job variables.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>OIDC tokens GitLab mints for the job, by variable and audience.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> IdTokens { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Setup commands run before <see cref="Script"/>.</summary>
    public IReadOnlyList<string> BeforeScript { get; init; } = [];

    /// <summary>The commands.</summary>
    public IReadOnlyList<string> Script { get; init; } = [];

    /// <summary>Paths kept as artifacts for later jobs.</summary>
    public IReadOnlyList<string> ArtifactPaths { get; init; } = [];

    /// <summary>The deployment environment.</summary>
    public string? Environment { get; init; }

    /// <summary>The environment's URL (a variable from <see cref="DotenvReport"/>), or null.</summary>
    public string? EnvironmentUrl { get; init; }

    /// <summary>A dotenv file the job writes, whose variables later jobs and the environment URL see.</summary>
    public string? DotenvReport { get; init; }

    /// <summary>Serialises jobs that share it (deploys).</summary>
    public string? ResourceGroup { get; init; }
}
