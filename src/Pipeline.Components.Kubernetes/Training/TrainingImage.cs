using Pipeline.Build.IO;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Train.Training;

/// <summary>
/// The training image, built daemonless like the serving image (buildah, layer cache, commit timestamps) from
/// <see cref="ClusterTrainSettings.Containerfile"/> or a generated one on the offline Python base, pushed with the
/// build's registry credentials, and named by digest.
/// </summary>
internal static class TrainingImage
{
    private const string GeneratedContainerfile = ".nuke/temp/Containerfile.train";

    public static async Task<string> BuildAndPushAsync(IClusterTrain build, ClusterTrainSettings cluster, ContainerTools tools, CancellationToken cancellationToken)
    {
        var containerfile = cluster.Containerfile;
        if (containerfile is null)
        {
            containerfile = GeneratedContainerfile;
            AtomicFile.WriteAllText(build.RootDirectory / containerfile, $"ARG {ContainerfileSources.BaseImageArgument}\nFROM ${{{ContainerfileSources.BaseImageArgument}}}\nWORKDIR /work\n");
        }

        var settings = build.ContainerSettings with
        {
            ImageRepository = build.ContainerSettings.ImageRepository + "-train",
            Containerfile = containerfile,
            OfflineBase = OfflineBase.Python,
            ImageFile = ".nuke/temp/train-image.json",
            DigestFile = ".nuke/temp/train-image-digest.txt",
        };
        await ImageBuilder.BuildAsync(build.RootDirectory, settings, tools, await SourceRevision.OfAsync(build.RootDirectory, cancellationToken), build.Log, cancellationToken);
        var digest = await ImagePusher.PushAsync(build, settings, tools, cancellationToken);
        return $"{settings.ImageName}@{digest}";
    }
}
