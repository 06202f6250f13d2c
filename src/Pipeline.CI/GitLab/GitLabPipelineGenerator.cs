using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.CI.Planning;

namespace Pipeline.CI.GitLab;

/// <summary>Target graph + CI declaration → GitLab pipeline. Pure function; see <see cref="JobPlanner"/> for the job graph.</summary>
internal static class GitLabPipelineGenerator
{
    /// <summary>Where the pipeline is written, relative to the root.</summary>
    public const string FilePath = ".gitlab-ci.yml";

    /// <summary>The variable naming the jobs' image (default <see cref="CiPipeline.Image"/>); set it as a CI/CD variable to use another.</summary>
    public const string JobImageVariable = "PIPELINE_JOB_IMAGE";

    private const string MergeRequest = "$CI_PIPELINE_SOURCE == \"merge_request_event\"";

    /// <summary>Generates the pipeline model.</summary>
    public static GitLabPipeline Generate(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        var jobs = JobPlanner.Plan(pipeline, targets);
        var mainBranch = $"$CI_COMMIT_BRANCH == \"{pipeline.MainBranch}\"";
        return new GitLabPipeline
        {
            WorkflowRulesIf = [MergeRequest, mainBranch],
            Stages = jobs.Select(j => j.Id).ToList(),
            // a variable, so a project (or a test) can run every job in its own image without editing the generated file
            Image = "$" + JobImageVariable,
            CacheKeyFiles = pipeline.CacheKeyFiles,
            CachePaths = CachedPaths.All,
            Variables = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["NUGET_PACKAGES"] = "$CI_PROJECT_DIR/.nuget/packages",
                [JobImageVariable] = pipeline.Image,
            },
            Jobs = jobs.Select(job => new GitLabJob(job.Id, job.Id)
            {
                Image = job.Job.Image,
                Services = job.Job.Services,
                // GitLab fetches artifacts only from jobs listed in needs, so every upstream job is listed
                Needs = job.Upstream.Count > 0 ? job.Upstream.Select(id => new GitLabNeed(id, true)).ToList() : job.Needs.Select(id => new GitLabNeed(id, false)).ToList(),
                RulesIf = job.Job.Condition switch
                {
                    CiCondition.PullRequest => [MergeRequest],
                    CiCondition.MainBranch => [mainBranch],
                    _ => [],
                },
                Manual = job.Job.RequiresApproval,
                Variables = Variables(job.Job),
                IdTokens = job.IdentityAudiences(pipeline.ArtifactStore) is { Count: > 0 } audiences
                    ? new Dictionary<string, IReadOnlyList<string>> { [CiJob.IdentityTokenVariable] = audiences }
                    : new Dictionary<string, IReadOnlyList<string>>(),
                BeforeScript = [.. pipeline.SetupSteps.Concat(job.Job.SetupSteps).Where(step => step.Dialects.HasFlag(CiDialects.GitLab)).Select(step => step.Run!)],
                Script = [job.Command],
                ArtifactPaths = job.Artifacts,
                Environment = job.Job.Environment,
                EnvironmentUrl = job.Job.Environment is not null && job.Job.EnvironmentUrlFile is not null ? "$" + CiJob.EnvironmentUrlVariable : null,
                DotenvReport = job.Job.EnvironmentUrlFile,
                ResourceGroup = job.Job.Environment,
            }).ToList(),
        };
    }

    private static IReadOnlyDictionary<string, string> Variables(CiJob job)
    {
        var variables = new SortedDictionary<string, string>(job.Variables.ToDictionary(), StringComparer.Ordinal);
        if (job.FullHistory)
            variables["GIT_DEPTH"] = "0";
        if (job.Environment is { } environment)
            variables[CiJob.EnvironmentNameVariable] = environment;
        return variables;
    }
}
