using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.Components.CI;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
#if (report)
using Pipeline.Components.Report;
#endif
using Pipeline.Components.Restore;
using Pipeline.Components.Train;

/// <summary>
/// The pipeline of this repository: Restore → Train → Containerize → Push → Deploy, the same graph locally
/// (./build.sh Deploy) and on CI (./build.sh GenerateCI writes the workflows). ./build.sh --help lists every
/// target and parameter. Add a target as a property: Target Evaluate => _ => _.DependsOn&lt;ITrain&gt;(x => x.Train)...
/// Each capability is a component interface the class implements; build/Build.*.cs add the optional ones.
/// </summary>
partial class Build : PipelineBuild, IRestore, ITrain, IDeploy, IGenerateCI
{
    /// <summary>Runs the targets named on the command line; Deploy (the whole pipeline) when none is named.</summary>
    public static int Main() => Execute<Build, IDeploy>(x => x.Deploy);

#if (dotnetModel)
    /// <summary>Packages: dotnet restore of the repository's one solution; the data under data/ is verified too.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings;
#elif (hasRuntimePackages && inFolder)
    /// <summary>The model's packages come from Debian (RuntimePackages below); the data under MODEL_FOLDER/data is verified.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings.DataOnly() with { DataDirectory = "MODEL_FOLDER/data" };
#elif (hasRuntimePackages)
    /// <summary>The model's packages come from Debian (RuntimePackages below); the data under data/ is verified.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings.DataOnly();
#elif (inFolder)
    /// <summary>Packages: MODEL_FOLDER/requirements.txt through pip when there is one; the data under MODEL_FOLDER/data is verified either way.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) =>
        (File.Exists(RootDirectory / "MODEL_FOLDER/requirements.txt") ? settings.ForPip("MODEL_FOLDER/requirements.txt") : settings.DataOnly()) with { DataDirectory = "MODEL_FOLDER/data" };
#else
    /// <summary>Packages: requirements.txt through pip when the repository has one; the data under data/ is verified either way.</summary>
    RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) =>
        File.Exists(RootDirectory / "requirements.txt") ? settings.ForPip("requirements.txt") : settings.DataOnly();
#endif

    /// <summary>Training: the command (its script is an input), params.yaml and data/ in; the model and metrics out.</summary>
    TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with
    {
        Command = "TRAIN_COMMAND".Split(' ', StringSplitOptions.RemoveEmptyEntries),
        // what the command writes; add settings.PredictionsFile and settings.HistoryFile when it writes them too:
        // Report shows them, and CI hands every declared output to the jobs after Train
        Outputs = ["artifacts/model", "artifacts/metrics.json"],
#if (inFolder)
        DataDirectory = "MODEL_FOLDER/data",
        ParamsFile = "MODEL_FOLDER/params.yaml",
#endif
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
#if (hasRuntimePackages)
        // Debian packages the service needs, laid into the offline base (what they depend on too); CI installs them before Train
        RuntimePackages = "RUNTIME_PACKAGES".Split(' ', StringSplitOptions.RemoveEmptyEntries),
#endif
    };
#else
    /// <summary>
    /// The serving image: the Containerfile, built with the repository root as its context; its inputs are what it COPYs. It starts with
    /// ARG BASE_IMAGE and FROM ${BASE_IMAGE}: --base-image, else a base built offline from Debian packages.
    /// </summary>
    ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
    {
#if (inFolder)
        Containerfile = "MODEL_FOLDER/Containerfile",
#else
        Containerfile = "Containerfile",
#endif
#if (hasRuntimePackages)
        // Debian packages the service needs, laid into the offline base (what they depend on too); CI installs them before Train
        RuntimePackages = "RUNTIME_PACKAGES".Split(' ', StringSplitOptions.RemoveEmptyEntries),
#endif
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
        // only a model at least as good as the one running ships (docs/deploy-gate.md); ./build.sh Status shows what runs
        // Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }],
#if (inFolder)
        ManifestsDirectory = "MODEL_FOLDER/kubernetes",
#endif
#if (hasSmoke)
        SmokeBody = """SMOKE_BODY""",
#else
        SmokeBody = null,
#endif
    };

    /// <summary>The CI jobs: Train on every change, image and deploy on main.</summary>
#if (github && !gitlab)
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => (pipeline with { Dialects = CiDialects.GitHub })
#elif (gitlab && !github)
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => (pipeline with { Dialects = CiDialects.GitLab })
#else
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
#endif
#if (!aspnetBase && !dotnetModel)
        // GitHub's runner has python3; GitLab's default image (the .NET SDK's) does not. Only Train runs Python
        .Job<ITrain>(x => x.Train, job => job with
        {
            SetupSteps = [CiSetupStep.DebianPackages("Install Python", ["python3", "python3-pip"]) with { Dialects = CiDialects.GitLab }],
        })
#else
        .Job<ITrain>(x => x.Train)
#endif
#if (report)
        .Job<IReport>(x => x.Report, job => job.WithSecret<IReport>(x => x.GithubToken) with
        {
            Condition = CiCondition.PullRequest,
            Permissions = new Dictionary<string, string> { ["pull-requests"] = "write" },
            FullHistory = true, // the baseline params and metrics come from the target branch
        })
#endif
        .Job<IContainerize>(x => x.Containerize, job => job with { Condition = CiCondition.MainBranch })
        // PIPELINE_SIGNING_KEY, once set as a CI secret, signs each pushed digest and its provenance (unset: unsigned)
        .Job<IPush>(x => x.Push, job => job.WithSecret<IPush>(x => x.SigningKey) with { Condition = CiCondition.MainBranch })
        .Job<IDeploy>(x => x.Deploy, job => job with { Condition = CiCondition.MainBranch, Environment = "production" });
}
