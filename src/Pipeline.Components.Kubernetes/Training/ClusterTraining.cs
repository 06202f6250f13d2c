using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Storage;

namespace Pipeline.Components.Train.Training;

/// <summary>Train elsewhere: inputs to the store, the training image, the Job or local pod, the outputs back into the workspace (the engine then records pipeline.lock).</summary>
internal static class ClusterTraining
{
    public static async Task RunAsync(IClusterTrain build, TrainLocation location, TrainSettings train, ClusterTrainSettings settings, CancellationToken cancellationToken)
    {
        if (train.Command.Count == 0)
            throw new BuildConfigurationException($"--train-on {Kebab(location)} runs TrainSettings.Command in the training image, and this build trains in-process (TrainAsync). Set TrainSettings.Command in ConfigureTrain (e.g. [\"python3\", \"train.py\"]).");
        if (location == TrainLocation.Kubernetes && settings.StoreClaim is not { Length: > 0 })
            throw new BuildConfigurationException("--train-on kubernetes hands inputs and outputs over through the artifact store directory: set ClusterTrainSettings.StoreClaim to the PersistentVolumeClaim (ReadWriteMany) that holds it on the cluster.");
        var storeDirectory = StoreDirectory(build);
        var handOff = await TrainingHandOff.PrepareAsync(build.RootDirectory, storeDirectory, train, cancellationToken);
        var container = build.ContainerSettings;
        var tools = settings.Image is null || location == TrainLocation.LocalPod ? await ContainerTools.ForAsync(build.RootDirectory, container, build.Log, cancellationToken) : null;
        var image = settings.Image is { } prebuilt ? new TrainingImageReference(prebuilt, "/bin/sh") : await TrainingImage.BuildAndPushAsync(build, settings, tools!, cancellationToken);
        build.Log.Info($"Training {handOff.Key[..12]} ({string.Join(' ', train.Command)}) as {(location == TrainLocation.Kubernetes ? "a Kubernetes Job" : "a local pod")} of {image.Reference}");
        if (location == TrainLocation.Kubernetes)
        {
            using var client = await ClusterDeployment.ClientAsync(build, cancellationToken);
            await new TrainingJobRunner(client, build.Log, TimeSpan.FromSeconds(2)).RunAsync(TrainingJob.Create(image, train, settings, handOff.Key, build.Namespace), cancellationToken);
        }
        else
        {
            await LocalPodTrainer.RunAsync(tools!, image, container.IsLocalRegistry, storeDirectory, handOff.Key, train, build.RootDirectory, cancellationToken);
        }

        var files = await handOff.RestoreAsync(build.RootDirectory, train, cancellationToken);
        build.Log.Info($"Restored {files} output files of the training from the store.");
    }

    private static string StoreDirectory(IClusterTrain build)
    {
        var location = string.IsNullOrWhiteSpace(build.ArtifactStore) ? BuildLayout.CacheDirectory : build.ArtifactStore.Trim();
        return GcsLocation.IsGcs(location)
            ? throw new BuildConfigurationException($"Training elsewhere hands over through a store directory the pod mounts; {location} is a bucket. Use a directory store (--artifact-store) on shared storage for the hand-off.")
            : Path.GetFullPath(Path.Combine(build.RootDirectory, location));
    }

    private static string Kebab(TrainLocation location) => Pipeline.Build.Parameters.ParameterNames.ToKebabCase(location.ToString());
}
