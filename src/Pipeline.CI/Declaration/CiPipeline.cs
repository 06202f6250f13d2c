using System.Linq.Expressions;
using Pipeline.Build;

namespace Pipeline.CI.Declaration;

/// <summary>
/// The CI declaration of a build: which targets become jobs, when they run, and what they need.
/// Built fluently in <c>IGenerateCI.ConfigureCI</c>:
/// <code>ci.Job&lt;ITrain&gt;(x => x.Train).Job&lt;IReport&gt;(x => x.Report, job => job.WithSecret&lt;IReport&gt;(x => x.GithubToken) with { Condition = CiCondition.PullRequest })</code>
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

    /// <summary>
    /// Files whose content keys the CI cache (NuGet packages, the stage cache, the compiled build): a change to one
    /// starts a fresh cache. GitLab takes at most two. Default: those of <see cref="CacheKeyCandidates"/> the repository has.
    /// </summary>
    public IReadOnlyList<string> CacheKeyFiles { get; init; } = ["Directory.Packages.props"];

    /// <summary>Lock and manifest files of the common ecosystems, in order of preference, for <see cref="CacheKeyFiles"/>.</summary>
    public static IReadOnlyList<string> CacheKeyCandidates { get; } =
        ["Directory.Packages.props", "packages.lock.json", "requirements.txt", "uv.lock", "poetry.lock", "pyproject.toml", "global.json"];

    /// <summary>The first two <see cref="CacheKeyCandidates"/> present under <paramref name="rootDirectory"/> (none: the default key).</summary>
    public static IReadOnlyList<string> ExistingCacheKeyFiles(string rootDirectory) =>
        [.. CacheKeyCandidates.Where(file => File.Exists(Path.Combine(rootDirectory, file))).Take(2)];

    /// <summary>The CI systems to write a pipeline for (GenerateCI and CheckCI leave the others' files alone).</summary>
    public CiDialects Dialects { get; init; } = CiDialects.All;

    /// <summary>Steps every job runs before its target (after checkout, .NET and the cache): tools your training needs, say.</summary>
    public IReadOnlyList<CiSetupStep> SetupSteps { get; init; } = [];

    /// <summary>Jobs, in declaration order.</summary>
    public IReadOnlyList<CiJob> Jobs { get; init; } = [];

    /// <summary>Secrets jobs may use.</summary>
    public IReadOnlyList<CiSecret> Secrets { get; init; } = [];

    /// <summary>The shared artifact store, or null when each runner keeps its own (.nuke/cache in the CI cache).</summary>
    public CiArtifactStore? ArtifactStore { get; init; }

    /// <summary>Shares stage outputs and data between jobs and branches through a bucket; declares its secret.</summary>
    public CiPipeline WithArtifactStore(CiArtifactStore store, string secretDescription = "service-account key for the artifact store bucket") =>
        (store.CredentialsSecret.Length == 0 ? this : Declare(new CiSecret(store.CredentialsSecret, secretDescription))) with { ArtifactStore = store };

    /// <summary>Adds a job for a target of the build or of a component, optionally shaped by <paramref name="configure"/>.</summary>
    public CiPipeline Job<TBuild>(Expression<Func<TBuild, Target>> target, Func<CiJob, CiJob>? configure = null) where TBuild : IPipelineBuild =>
        Job(MemberNames.Target(target), configure);

    /// <summary>Declares a secret parameter that jobs may receive (named by its environment variable; described by its [Parameter]).</summary>
    public CiPipeline Secret<TBuild>(Expression<Func<TBuild, object?>> parameter) where TBuild : IPipelineBuild => Declare(MemberNames.Secret(parameter));

    internal CiPipeline Job(string target, Func<CiJob, CiJob>? configure = null)
    {
        var job = configure is null ? new CiJob(target) : configure(new CiJob(target));
        return job.SecretDeclarations.Aggregate(this, (pipeline, secret) => pipeline.Declare(secret)) with { Jobs = [.. Jobs, job] };
    }

    internal CiPipeline Secret(string name, string description) => Declare(new CiSecret(name, description));

    private CiPipeline Declare(CiSecret secret) => Secrets.Any(s => s.Name == secret.Name) ? this : this with { Secrets = [.. Secrets, secret] };
}
