namespace Pipeline.CI.Declaration;

/// <summary>
/// The CI declaration of a build: which targets become jobs, when they run, and what they need.
/// Built fluently in <c>IGenerateCI.ConfigureCI</c>:
/// <code>ci.Job("Train").Job("Report", j => j with { Condition = CiCondition.PullRequest })</code>
/// </summary>
public sealed record CiPipeline
{
    /// <summary>Workflow name (GitHub) and file stem.</summary>
    public string Name { get; init; } = "pipeline";

    /// <summary>The branch whose pushes run main-only jobs.</summary>
    public string MainBranch { get; init; } = "main";

    /// <summary>GitHub runner label of every job unless a job sets its own.</summary>
    public string RunsOn { get; init; } = "ubuntu-24.04";

    /// <summary>GitLab image of every job unless a job sets its own.</summary>
    public string Image { get; init; } = "mcr.microsoft.com/dotnet/sdk:10.0";

    /// <summary>The .NET SDK version set up on GitHub runners.</summary>
    public string DotNetVersion { get; init; } = "10.0.x";

    /// <summary>Jobs, in declaration order.</summary>
    public IReadOnlyList<CiJob> Jobs { get; init; } = [];

    /// <summary>Secrets jobs may use.</summary>
    public IReadOnlyList<CiSecret> Secrets { get; init; } = [];

    /// <summary>The shared artifact store, or null when each runner keeps its own (.nuke/cache in the CI cache).</summary>
    public CiArtifactStore? ArtifactStore { get; init; }

    /// <summary>Shares stage outputs and data between jobs and branches through a bucket; declares its secret.</summary>
    public CiPipeline WithArtifactStore(CiArtifactStore store, string secretDescription = "service-account key for the artifact store bucket") =>
        (Secrets.Any(secret => secret.Name == store.CredentialsSecret) ? this : Secret(store.CredentialsSecret, secretDescription)) with { ArtifactStore = store };

    /// <summary>Adds a job for a target, optionally shaped by <paramref name="configure"/>.</summary>
    public CiPipeline Job(string target, Func<CiJob, CiJob>? configure = null) =>
        this with { Jobs = [.. Jobs, configure is null ? new CiJob(target) : configure(new CiJob(target))] };

    /// <summary>Declares a secret jobs may reference.</summary>
    public CiPipeline Secret(string name, string description) => this with { Secrets = [.. Secrets, new CiSecret(name, description)] };
}
