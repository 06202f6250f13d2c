using Pipeline.Build;
using Pipeline.Components.CI;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Packaging;
using Pipeline.Components.Report;
using Pipeline.Components.Restore;
using Pipeline.Components.Storage;
using Pipeline.Components.Test;
using Pipeline.Components.Train;
using Pipeline.Components.Kubernetes;

/// <summary>
/// This repository's own pipeline: restore, train the sample iris model, report on it, containerize, push and deploy it, test.
/// Concerns live in partial files: Build.Train.cs (in-process training of src/Model), Build.Containers.cs (image inputs),
/// Build.CI.cs (CI jobs), Build.Pack.cs (NuGet packages), Build.Tools.cs (test tools).
/// </summary>
partial class Build : PipelineBuild, IArtifactStorage, IRestore, ITrain, IReport, IKubernetesDeploy, ITest, IGenerateCI, IPack
{
    /// <summary>Runs the targets named on the command line; Deploy (the whole pipeline) when none is named.</summary>
    public static int Main() => Execute<Build, IDeploy>(x => x.Deploy);
}
