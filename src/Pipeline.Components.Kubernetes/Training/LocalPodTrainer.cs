using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Train.Training;

/// <summary>The cluster path offline: the same training image, hand-off shell and environment, run as a podman container with the store directory mounted at /store.</summary>
internal static class LocalPodTrainer
{
    public static async Task RunAsync(ContainerTools tools, TrainingImageReference image, bool localRegistry, string storeDirectory, string key, TrainSettings train, string root, CancellationToken cancellationToken)
    {
        var name = $"pipeline-train-{key[..12]}";
        List<string> arguments =
        [
            "run", "--rm", "--name", name, $"--tls-verify={(!localRegistry).ToString().ToLowerInvariant()}", "--pull", "missing", "--network", "none",
            "--user", "0:0", // the container's root is the host user under rootless podman: the one who may write the bind-mounted store
            "--volume", $"{Path.GetFullPath(storeDirectory)}:/store",
            .. TrainingJob.Environment(key, train, image.Shell).SelectMany(pair => new[] { "--env", $"{pair.Key}={pair.Value}" }),
            "--entrypoint", image.Shell, image.Reference, "-c", HandOffScript.Text, "handoff", .. train.Command,
        ];
        try
        {
            await tools.RunAsync("podman", arguments, root, cancellationToken);
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
