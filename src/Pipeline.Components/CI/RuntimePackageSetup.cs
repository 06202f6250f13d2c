using Pipeline.CI.Declaration;
using Pipeline.Components.Containers;

namespace Pipeline.Components.CI;

/// <summary>
/// The model's run-time packages (<see cref="ContainerSettings.RuntimePackages"/>) installed on the runner before the
/// jobs that run the model's code outside the image: Train and Test. Other jobs (the image, push, deploy) get nothing.
/// </summary>
internal static class RuntimePackageSetup
{
    /// <summary>The targets whose jobs run the model's own code on the runner.</summary>
    private static readonly HashSet<string> RunningModelCode = new(StringComparer.Ordinal) { nameof(Train.ITrain.Train), "Test" };

    public static CiPipeline Apply(CiPipeline pipeline, IReadOnlyList<string> packages)
    {
        if (packages.Count == 0)
            return pipeline;
        CiSetupStep step;
        try
        {
            step = CiSetupStep.DebianPackages("Install the model's runtime packages", packages);
        }
        catch (CiDeclarationException exception)
        {
            throw new Build.TargetFailedException($"ContainerSettings.RuntimePackages: {exception.Message}");
        }

        return pipeline with
        {
            Jobs = [.. pipeline.Jobs.Select(job => RunningModelCode.Contains(job.Target) && !job.SetupSteps.Contains(step) ? job with { SetupSteps = [step, .. job.SetupSteps] } : job)],
        };
    }
}
