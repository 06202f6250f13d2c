using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.CI.Declaration;

namespace Pipeline.Components.CI;

/// <summary>
/// GenerateCI writes the GitHub Actions workflow and the GitLab CI pipeline from the target graph;
/// CheckCI fails, showing a unified diff, when the committed files differ. Declare the jobs in <see cref="ConfigureCI"/>.
/// </summary>
public interface IGenerateCI : IPipelineBuild
{
    /// <summary>Override to declare which targets become jobs, when they run and what they need.</summary>
    CiPipeline ConfigureCI(CiPipeline pipeline) => pipeline;

    /// <summary>The CI declaration of this run: an empty pipeline through <see cref="ConfigureCI"/>, evaluated once.</summary>
    sealed CiPipeline CiPipeline => Settings(() => ConfigureCI(new CiPipeline { CacheKeyFiles = CiPipeline.ExistingCacheKeyFiles(RootDirectory) }));

    /// <summary>What GenerateCI writes: <see cref="CiPipeline"/> with the image's run-time packages installed before the jobs that run the model's code.</summary>
    private CiPipeline GeneratedPipeline => ImageAttestationSetup.Apply(
        RuntimePackageSetup.Apply(CiPipeline, this is Containers.IContainerize image ? image.ContainerSettings.RuntimePackages : []),
        (this as Containers.IPush)?.ContainerSettings);

    /// <summary>Writes both CI files (only those whose content changed).</summary>
    Target GenerateCI => _ => _
        .Description($"Write {CiFiles.Describe(CiPipeline)} from the target graph")
        .Executes(() =>
        {
            foreach (var (path, content) in CiFiles.Generate(GeneratedPipeline, Targets))
            {
                var fullPath = RootDirectory / path;
                var unchanged = File.Exists(fullPath) && File.ReadAllText(fullPath) == content;
                if (!unchanged)
                    AtomicFile.WriteAllText(fullPath, content);
                Log.Info(unchanged ? $"{path} is up to date" : $"wrote {path}");
            }
        });

    /// <summary>Fails when a committed CI file is missing or stale.</summary>
    Target CheckCI => _ => _
        .Description($"Fail when the committed {CiFiles.Describe(CiPipeline)} differ from what the target graph generates")
        .Executes(async cancellationToken =>
        {
            var stale = new List<string>();
            foreach (var (path, content) in CiFiles.Generate(GeneratedPipeline, Targets))
            {
                var fullPath = RootDirectory / path;
                var committed = File.Exists(fullPath) ? await File.ReadAllTextAsync(fullPath, cancellationToken) : "";
                if (committed == content)
                    continue;
                stale.Add(path);
                Log.Error(File.Exists(fullPath) ? $"{path} differs from what the target graph generates:" : $"{path} is missing.");
                foreach (var line in UnifiedDiff.Between(path, committed, content).Split('\n'))
                    Log.Info(line);
            }

            if (stale.Count > 0)
                throw new TargetFailedException($"{string.Join(" and ", stale)} {(stale.Count == 1 ? "is" : "are")} stale: run ./build.sh GenerateCI and commit the result.");
            Log.Info("The CI files match the target graph.");
        });
}
