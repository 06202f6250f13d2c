using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>The cluster path offline: the same training image, hand-off shell and environment, run as a podman container with the store directory mounted at /store.</summary>
internal static class LocalPodTrainer
{
    /// <summary>Runs the pod; returns its output, where the hand-off names the outputs list.</summary>
    public static async Task<string> RunAsync(ContainerTools tools, TrainingImageReference image, bool localRegistry, TrainingStore store, TrainingHandOff handOff, TrainSettings train, string root, CancellationToken cancellationToken)
    {
        var name = $"pipeline-train-{handOff.Key[..12]}";
        var storeDirectory = store.Directory ?? throw new BuildConfigurationException($"--train-on local-pod mounts the store directory; gs://{store.Bucket!.Bucket} cannot be mounted here. Use a directory store, or --train-on kubernetes on GKE (Cloud Storage FUSE).");
        List<string> arguments =
        [
            "run", "--rm", "--name", name, $"--tls-verify={(!localRegistry).ToString().ToLowerInvariant()}", "--pull", "missing", "--network", "none",
            "--user", "0:0", // the container's root is the host user under rootless podman: the one who may write the bind-mounted store
            "--volume", $"{Path.GetFullPath(storeDirectory)}:/store",
            .. TrainingJob.Environment(handOff, train, image.Shell, store).SelectMany(pair => new[] { "--env", $"{pair.Key}={pair.Value}" }),
            "--entrypoint", image.Shell, image.Reference, "-c", HandOffScript.Text, "handoff", .. train.Command,
        ];
        try
        {
            return await tools.RunAsync("podman", arguments, root, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await Tooling.ProcessRunner.RunAsync(tools.Log, tools.Command("podman", ["rm", "-f", name], root) with { Quiet = true, ThrowOnFailure = false }, CancellationToken.None);
            throw;
        }
        catch (Tooling.ToolFailedException exception)
        {
            throw new TargetFailedException($"The training pod failed: {exception.Message}", exception);
        }
    }
}
