namespace Pipeline.CI.GitHub;

/// <summary>A job of a GitHub workflow.</summary>
internal sealed record GitHubJob(string Id, string Name, string RunsOn)
{
    /// <summary>Job ids this job waits for.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The job's condition expression, or null to always run.</summary>
    public string? If { get; init; }

    /// <summary>Token permissions of this job (least privilege).</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; init; } = new Dictionary<string, string>();

    /// <summary>Concurrency group, serialising runs (deploys).</summary>
    public string? ConcurrencyGroup { get; init; }

    /// <summary>The deployment environment.</summary>
    public string? Environment { get; init; }

    /// <summary>Environment variables (secrets as <c>${{ secrets.X }}</c>).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Service containers by name and image.</summary>
    public IReadOnlyDictionary<string, string> Services { get; init; } = new Dictionary<string, string>();

    /// <summary>Minutes before the job is cancelled.</summary>
    public int TimeoutMinutes { get; init; } = 30;

    /// <summary>The steps.</summary>
    public IReadOnlyList<GitHubStep> Steps { get; init; } = [];
}
