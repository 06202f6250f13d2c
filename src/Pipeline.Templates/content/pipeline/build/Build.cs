using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.Components.CI;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
#if (report)
using Pipeline.Components.Report;
#endif
using Pipeline.Components.Restore;
using Pipeline.Components.Train;

/// <summary>
/// The pipeline of this repository: Restore → Train → Containerize → Push → Deploy, the same graph locally
/// (./build.sh Deploy) and on CI (./build.sh GenerateCI writes the workflows). ./build.sh --help lists every
/// target and parameter. Add a target as a property: Target Evaluate => _ => _.DependsOn&lt;ITrain&gt;(x => x.Train)...
/// </summary>
#if (report && kubernetes)
class Build : PipelineBuild, IRestore, ITrain, IReport, IKubernetesDeploy, IGenerateCI
#elif (report)
class Build : PipelineBuild, IRestore, ITrain, IReport, IDeploy, IGenerateCI
#elif (kubernetes)
class Build : PipelineBuild, IRestore, ITrain, IKubernetesDeploy, IGenerateCI
#else
class Build : PipelineBuild, IRestore, ITrain, IDeploy, IGenerateCI
#endif
{
    /// <summary>Runs the targets named on the command line; Deploy (the whole pipeline) when none is named.</summary>
    public static int Main() => Execute<Build, IDeploy>(x => x.Deploy);

#if (dotnetModel)
    /// <summary>Packages: dotnet restore of the repository's one solution; the data under data/ is verified too.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings;
#else
    /// <summary>Packages: requirements.txt through pip when the repository has one; the data under data/ is verified either way.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) =>
        File.Exists(RootDirectory / "requirements.txt") ? settings.ForPip("requirements.txt") : settings.DataOnly();
#endif

    /// <summary>Training: the command (its script is an input), params.yaml and data/ in; the model and metrics out.</summary>
    TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with
    {
        Command = "TRAIN_COMMAND".Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Outputs = ["artifacts/model", "artifacts/metrics.json"],
#if (dotnetModel)
        ExtraInputs = ["src/**/*.cs", "src/**/*.csproj"], // the training code the command builds
#endif
        // Params = ["train"], // only these keys of params.yaml count, as DVC's params: (default: the whole file)
    };

#if (dotnetModel)
    /// <summary>The serving image: SERVING_PROJECT published onto the offline ASP.NET base, the model in its own layer.</summary>
    ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
    {
        Project = "SERVING_PROJECT",
        EntryAssembly = Path.GetFileNameWithoutExtension("SERVING_PROJECT") + ".dll",
        ExtraInputs = ["src/**/*.cs", "src/**/*.csproj"], // projects the service references
    };
#else
    /// <summary>
    /// The serving image: ./Containerfile with the root as its context; its inputs are what it COPYs. It starts with
    /// ARG BASE_IMAGE and FROM ${BASE_IMAGE}: --base-image, else a base built offline from Debian packages.
    /// </summary>
    ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
    {
        Containerfile = "Containerfile",
#if (aspnetBase)
        OfflineBase = OfflineBase.AspNet,
#else
        OfflineBase = OfflineBase.Python,
#endif
    };
#endif

    /// <summary>Deploy's smoke test: one sample input POSTed to /predict must answer 2xx (null: the health check alone).</summary>
    DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with
    {
#if (hasSmoke)
        SmokeBody = """SMOKE_BODY""",
#else
        SmokeBody = null,
#endif
    };

    /// <summary>The CI jobs: Train on every change, image and deploy on main.</summary>
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => (pipeline with
    {
#if (!aspnetBase && !dotnetModel)
        // GitHub's runner has python3; GitLab's default image (the .NET SDK's) does not
        SetupSteps =
        [
            CiSetupStep.Command("Install Python", "command -v python3 >/dev/null || (apt-get update -qq && apt-get install -y -qq python3 python3-pip)") with { Dialects = CiDialects.GitLab },
        ],
#endif
#if (github && !gitlab)
        Dialects = CiDialects.GitHub,
#endif
#if (gitlab && !github)
        Dialects = CiDialects.GitLab,
#endif
    })
        .Job<ITrain>(x => x.Train)
#if (report)
        .Job<IReport>(x => x.Report, job => job.WithSecret<IReport>(x => x.GithubToken) with
        {
            Condition = CiCondition.PullRequest,
            Permissions = new Dictionary<string, string> { ["pull-requests"] = "write" },
            FullHistory = true, // the baseline params and metrics come from the target branch
        })
#endif
        .Job<IContainerize>(x => x.Containerize, job => job with { Condition = CiCondition.MainBranch })
        .Job<IPush>(x => x.Push, job => job with { Condition = CiCondition.MainBranch })
        .Job<IDeploy>(x => x.Deploy, job => job with { Condition = CiCondition.MainBranch, Environment = "production" });
}
