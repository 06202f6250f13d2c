using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.CI.Planning;

namespace Pipeline.CI.GitHub;

/// <summary>Target graph + CI declaration → GitHub workflow. Pure function; see <see cref="JobPlanner"/> for the job graph.</summary>
internal static class GitHubWorkflowGenerator
{
    /// <summary>Where the workflow is written, relative to the root.</summary>
    public static string PathOf(CiPipeline pipeline) => $".github/workflows/{pipeline.Name}.yml";

    /// <summary>Generates the workflow model.</summary>
    public static GitHubWorkflow Generate(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        var jobs = JobPlanner.Plan(pipeline, targets);
        var secrets = pipeline.Secrets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return new GitHubWorkflow(pipeline.Name)
        {
            PullRequestBranches = [pipeline.MainBranch],
            PushBranches = [pipeline.MainBranch],
            Permissions = new Dictionary<string, string> { ["contents"] = "read" },
            ConcurrencyGroup = "${{ github.workflow }}-${{ github.ref }}",
            CancelInProgress = "${{ github.event_name == 'pull_request' }}",
            Env = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["NUGET_PACKAGES"] = "${{ github.workspace }}/.nuget/packages",
            },
            Jobs = jobs.Select(job => Job(pipeline, job, secrets)).ToList(),
        };
    }

    private static GitHubJob Job(CiPipeline pipeline, PlannedJob planned, IReadOnlySet<string> secrets)
    {
        var job = planned.Job;
        var env = new SortedDictionary<string, string>(job.Variables.ToDictionary(), StringComparer.Ordinal);
        foreach (var secret in job.Secrets.Where(secrets.Contains))
            env[secret] = $"${{{{ secrets.{secret} }}}}";
        if (job.Environment is { } environment)
            env[CiJob.EnvironmentNameVariable] = environment;
        if (planned.UsesArtifactStore && pipeline.ArtifactStore is { } store)
        {
            // not a fork guard: without the key a fork's job runs with a warning and recomputes
            env[store.LocationVariable] = $"${{{{ vars.{store.LocationVariable} }}}}";
            if (store.CredentialsSecret.Length > 0)
                env[store.CredentialsSecret] = $"${{{{ secrets.{store.CredentialsSecret} }}}}";
            foreach (var variable in store.ConfigurationVariables)
                env[variable] = $"${{{{ vars.{variable} }}}}";
        }
        var permissions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["contents"] = "read" };
        foreach (var (scope, level) in job.Permissions)
            permissions[scope] = level;
        if (planned.IdentityAudiences(pipeline.ArtifactStore).Count > 0)
            permissions["id-token"] = "write"; // the build asks GitHub for a token per audience
        if (job.ImageAttestation is not null)
        {
            permissions["id-token"] = "write"; // Sigstore's signing certificate for the attestation
            permissions["attestations"] = "write";
        }

        List<GitHubStep> steps =
        [
            new("Check out")
            {
                Uses = PinnedActions.Checkout.Uses,
                // no job pushes with the checkout's token: it is not left in .git/config for the build's processes to find
                With = job.FullHistory
                    ? new Dictionary<string, string> { ["fetch-depth"] = "0", ["persist-credentials"] = "false" }
                    : new Dictionary<string, string> { ["persist-credentials"] = "false" },
            },
            new("Set up .NET") { Uses = PinnedActions.SetupDotnet.Uses, With = new Dictionary<string, string> { ["dotnet-version"] = pipeline.DotNetVersion } },
            new("Cache NuGet packages, the stage cache and the compiled build")
            {
                Uses = PinnedActions.Cache.Uses,
                With = new Dictionary<string, string>
                {
                    ["path"] = string.Join("\n", CachedPaths.All),
                    ["key"] = "pipeline-${{ runner.os }}-${{ hashFiles(" + string.Join(", ", pipeline.CacheKeyFiles.Prepend("**/*.csproj").Select(file => $"'{file}'")) + ") }}",
                    ["restore-keys"] = "pipeline-${{ runner.os }}-",
                },
            },
        ];
        steps.AddRange(pipeline.SetupSteps.Concat(job.SetupSteps).Where(step => step.Dialects.HasFlag(CiDialects.GitHub))
            .Select(step => new GitHubStep(step.Name) { Uses = step.Uses, With = step.With, Run = step.Run }));
        if (planned.Upstream.Count > 0)
            steps.Add(new GitHubStep("Download outputs of earlier jobs")
            {
                Uses = PinnedActions.DownloadArtifact.Uses,
                With = new Dictionary<string, string> { ["pattern"] = "{" + string.Join(",", planned.Upstream) + "}", ["merge-multiple"] = "true", ["path"] = "." },
            });
        steps.Add(new GitHubStep(job.Target) { Run = planned.Command });
        if (job.ImageAttestation is { } attestation)
        {
            steps.Add(new GitHubStep("Read the pushed image")
            {
                Id = "pushed-image",
                Run = $"echo \"digest=$(head -n 1 {attestation.DigestFile})\" >> \"$GITHUB_OUTPUT\"\n"
                      + $"echo \"name=$(sed -n 's/.*\"image\": *\"\\([^\"]*\\)\".*/\\1/p' {attestation.ImageFile} | head -n 1)\" >> \"$GITHUB_OUTPUT\"",
            });
            steps.Add(new GitHubStep("Attest the image's build provenance")
            {
                Uses = PinnedActions.AttestBuildProvenance.Uses,
                With = new Dictionary<string, string> { ["subject-name"] = "${{ steps.pushed-image.outputs.name }}", ["subject-digest"] = "${{ steps.pushed-image.outputs.digest }}" },
            });
        }
        if (planned.Artifacts.Count > 0)
            steps.Add(new GitHubStep("Hand outputs to later jobs")
            {
                Uses = PinnedActions.UploadArtifact.Uses,
                With = new Dictionary<string, string> { ["name"] = job.Id, ["path"] = string.Join("\n", planned.Artifacts), ["if-no-files-found"] = "error" },
            });

        return new GitHubJob(job.Id, job.Target, job.RunsOn ?? pipeline.RunsOn)
        {
            Needs = planned.Needs,
            If = Condition(pipeline, job),
            Permissions = permissions,
            ConcurrencyGroup = job.Environment is null ? null : $"deploy-{job.Environment}",
            Environment = job.Environment,
            Env = env,
            Services = job.Services,
            Steps = steps,
        };
    }

    /// <summary>The job's condition; jobs with secrets or a cloud identity never run for pull requests from forks.</summary>
    private static string? Condition(CiPipeline pipeline, CiJob job)
    {
        var condition = job.Condition switch
        {
            CiCondition.PullRequest => "github.event_name == 'pull_request'",
            CiCondition.MainBranch => $"github.event_name != 'pull_request' && github.ref == 'refs/heads/{pipeline.MainBranch}'",
            _ => null,
        };
        if ((job.Secrets.Count == 0 && job.IdentityTokenAudience is null) || job.Condition == CiCondition.MainBranch)
            return condition;
        const string sameRepository = "github.event.pull_request.head.repo.full_name == github.repository";
        return condition is null
            ? $"github.event_name != 'pull_request' || {sameRepository}"
            : $"{condition} && {sameRepository}";
    }
}
