using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Storage;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>Train elsewhere: inputs to the store, the training image, the Job or local pod, the outputs back into the workspace (the engine then records pipeline.lock).</summary>
internal static class ClusterTraining
{
    public static async Task RunAsync(IClusterTrain build, TrainLocation location, TrainSettings train, ClusterTrainSettings settings, CancellationToken cancellationToken)
    {
        if (train.Command.Count == 0)
            throw new BuildConfigurationException($"--train-on {location} runs TrainSettings.Command in the training image, and this build trains in-process (TrainAsync). Set TrainSettings.Command in ConfigureTrain (e.g. [\"python3\", \"train.py\"]).");
        var store = TrainingStore.Of(build.RootDirectory, build.ArtifactStoreLocation);
        if (location == TrainLocation.Kubernetes && settings.StoreClaim is not { Length: > 0 } && store.Bucket is null)
            throw new BuildConfigurationException("--train-on kubernetes hands inputs and outputs over through the artifact store: with a directory store, set ClusterTrainSettings.StoreClaim to the PersistentVolumeClaim (ReadWriteMany) that holds it on the cluster; or use a gs:// store, which the pod mounts through Cloud Storage FUSE.");
        var artifactStore = build.CreateArtifactStore();
        var handOff = await TrainingHandOff.PrepareAsync(build.RootDirectory, artifactStore, train, cancellationToken);
        var container = build.ContainerSettings;
        var tools = settings.Image is null || location == TrainLocation.LocalPod ? await ContainerTools.ForAsync(build.RootDirectory, container, build.Log, cancellationToken) : null;
        var image = settings.Image is { } prebuilt ? new TrainingImageReference(prebuilt, "/bin/sh") : await TrainingImage.BuildAndPushAsync(build, settings, tools!, cancellationToken);
        build.Log.Info($"Training {handOff.Key[..12]} ({string.Join(' ', train.Command)}) as {(location == TrainLocation.Kubernetes ? "a Kubernetes Job" : "a local pod")} of {image.Reference}");
        string finished;
        if (location == TrainLocation.Kubernetes)
        {
            using var client = await ClusterDeployment.ClientAsync(build, build.DeploySettings, cancellationToken);
            finished = await new TrainingJobRunner(client, build.Log, TimeSpan.FromSeconds(2)).RunAsync(TrainingJob.Create(image, train, settings, store, handOff, build.Namespace), cancellationToken);
        }
        else
        {
            finished = await LocalPodTrainer.RunAsync(tools!, image, container.IsLocalRegistry, store, handOff, train, build.RootDirectory, cancellationToken);
        }

        var files = await handOff.RestoreAsync(build.RootDirectory, TrainingHandOff.OutputsObjectIn(finished), train, cancellationToken);
        build.Log.Info($"Restored {files} output files of the training from the store.");
    }
}
