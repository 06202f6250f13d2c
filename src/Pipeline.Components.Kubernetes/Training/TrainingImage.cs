using Pipeline.Build.IO;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// The training image, built daemonless like the serving image (buildah, layer cache, commit timestamps) from
/// <see cref="ClusterTrainSettings.Containerfile"/> or a generated one on the offline Python base, pushed with the
/// build's registry credentials, and named by digest.
/// </summary>
internal static class TrainingImage
{
    private const string GeneratedContainerfile = ".nuke/temp/Containerfile.train";

    /// <summary>Where a generated image keeps the hand-off's shell and tools (busybox), clear of the base's own /bin.</summary>
    public const string GeneratedShell = "/pipeline/bin/sh";

    public static async Task<TrainingImageReference> BuildAndPushAsync(IClusterTrain build, ClusterTrainSettings cluster, ContainerTools tools, CancellationToken cancellationToken)
    {
        var containerfile = cluster.Containerfile;
        if (containerfile is null)
        {
            // the offline Python base has no shell: the hand-off's comes from the busybox base ModelCar images use
            var busybox = await OfflineBaseImage.EnsureAsync(tools, await ModelCarBaseRecipe.CreateAsync(cancellationToken), build.Log, cancellationToken);
            containerfile = GeneratedContainerfile;
            AtomicFile.WriteAllText(build.RootDirectory / containerfile,
                $"ARG {ContainerfileSources.BaseImageArgument}\nFROM {busybox} AS tools\nFROM ${{{ContainerfileSources.BaseImageArgument}}}\nCOPY --from=tools /bin/ /pipeline/bin/\nWORKDIR /work\n");
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
        return new TrainingImageReference($"{settings.ImageName}@{digest}", cluster.Containerfile is null ? GeneratedShell : "/bin/sh");
    }
}
