using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>
/// Builds the serving image daemonless with buildah from a generated Containerfile: the published app in one layer,
/// the model in its own layer after it (so a model-only change rebuilds and re-uploads only that layer), OCI labels,
/// non-root user, the port. Layers are cached (--layers) and timestamps fixed to the commit time, so an unchanged
/// build gives the same digests. Chosen over the SDK's container publishing, which puts the whole publish folder,
/// model included, in one layer with build-time timestamps (a new digest every time).
/// </summary>
public static class ImageBuilder
{
    /// <summary>Builds the image <paramref name="settings"/> describe with buildah, labelled with <paramref name="revision"/>, and returns what was built.</summary>
    public static async Task<ImageRecord> BuildAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, IBuildLog log, CancellationToken cancellationToken)
    {
        ImageName.ThrowIfInvalid(settings.ImageRepository);
        var (containerfile, context, baseImage) = settings.Containerfile is { } own
            ? await OwnContainerfileAsync(root, own, settings, tools, log, cancellationToken)
            : await GenerateContextAsync(root, settings, tools, log, cancellationToken);
        var baseArgument = settings.Containerfile is null || baseImage is null ? [] : new[] { "--build-arg", $"{ContainerfileSources.BaseImageArgument}={baseImage}" };

        if (settings.BaseImage is not null && settings.RuntimePackages.Count > 0)
            log.Warn($"ContainerSettings.RuntimePackages ({string.Join(", ", settings.RuntimePackages)}) go into the offline base only, not into --base-image {settings.BaseImage}: install them in your Containerfile (RUN pip install -r requirements.txt, or apt-get install).");
        var tags = Tags(revision);
        var idFile = FreshImageIdFile(tools);
        try
        {
            await tools.RunAsync("buildah",
                [.. BudArguments(settings, revision, tags), "--iidfile", idFile, .. tools.CertificateArguments(settings.Registry, settings.RegistryCa), .. baseArgument, "-f", containerfile, context],
                root, cancellationToken, quiet: true);
        }
        catch (Tooling.ToolFailedException exception) when (settings.BaseImage is null && baseImage is not null && IsMissingShell(exception.StandardError))
        {
            throw new ImageBuildException($"A RUN line of {settings.Containerfile} needs a shell, and the offline base has none (nor a package manager): it holds only the Debian packages of the runtime. Declare what the service needs in ContainerSettings.RuntimePackages (Debian names such as python3-sklearn, laid into the base), copy files in with COPY, or build on an image with a shell: --base-image python:3.12-slim@sha256:<digest> and RUN pip install -r requirements.txt. ({exception.Message})", exception);
        }
        catch (Tooling.ToolFailedException exception) when (exception.StandardError.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase)
                                                             || exception.StandardError.Contains("initializing source", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImageBuildException(baseImage is null
                ? $"An image in the FROM lines of {settings.Containerfile} could not be pulled: it does not exist or the registry is unreachable. Pin one you can reach, or declare ARG BASE_IMAGE and FROM ${{BASE_IMAGE}} to build on the offline base. ({exception.Message})"
                : $"The base image {baseImage} could not be pulled: it does not exist or the registry is unreachable. Check --base-image, or leave it unset to build the offline base. ({exception.Message})", exception);
        }

        var record = await RecordAsync(root, settings, tools, revision, idFile, cancellationToken);
        log.Info($"Built {settings.ImageName}:{record.Tags[^1]} (and :latest) on {baseImage ?? "the Containerfile's own FROM"}");
        return record;
    }

    /// <summary>What buildah (through runc or crun) says when a RUN line starts /bin/sh in an image without one.</summary>
    internal static bool IsMissingShell(string standardError) =>
        standardError.Contains("/bin/sh", StringComparison.Ordinal) && standardError.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The tags an image is built with: latest and the commit; a dirty revision's tag needs the image's id, so
    /// <see cref="RecordAsync"/> adds it after the build.
    /// </summary>
    internal static string[] Tags(SourceRevision revision) => revision.IsDirty ? ["latest"] : ["latest", revision.ShortSha];

    /// <summary>
    /// What every image's <c>buildah bud</c> takes: the layer cache, OCI format, the commit's time as every timestamp (the
    /// same inputs give the same digest), the OCI source/revision/created labels and <paramref name="tags"/>.
    /// </summary>
    internal static IReadOnlyList<string> BudArguments(ContainerSettings settings, SourceRevision revision, IReadOnlyList<string> tags) =>
    [
        "bud", "-q", "--layers", "--format", "oci", .. ContainerTools.BuildIsolationArguments,
        "--timestamp", revision.CommitEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--label", $"org.opencontainers.image.source={revision.SourceUrl}",
        "--label", $"org.opencontainers.image.revision={revision.Sha}",
        "--label", $"org.opencontainers.image.created={DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch):yyyy-MM-ddTHH:mm:ssZ}",
        .. tags.SelectMany(tag => new[] { "-t", $"{settings.ImageName}:{tag}" }),
    ];

    /// <summary>
    /// Writes the record of the image just built as :latest (name, tags, revision, image ID) to its image file, for
    /// Push; a dirty revision's image is tagged <see cref="SourceRevision.DirtyTag"/> first.
    /// </summary>
    internal static async Task<ImageRecord> RecordAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, string idFile, CancellationToken cancellationToken)
    {
        var imageId = await BuiltImageIdAsync(idFile, cancellationToken);
        var tags = Tags(revision);
        if (revision.IsDirty)
        {
            tags = [.. tags, revision.DirtyTag(imageId)];
            await tools.RunAsync("buildah", ["tag", $"{settings.ImageName}:latest", $"{settings.ImageName}:{tags[^1]}"], root, cancellationToken, quiet: true);
        }

        var record = new ImageRecord(settings.ImageName, [.. tags], revision.Sha, imageId);
        AtomicFile.WriteAllText(root / settings.ImageFile, JsonSerializer.Serialize(record, ImageRecord.Json) + "\n");
        return record;
    }

    /// <summary>Where <c>buildah bud --iidfile</c> writes the id of the image it built, emptied of a killed build's: read instead of asking buildah again (a process, 0.2 s).</summary>
    internal static string FreshImageIdFile(ContainerTools tools)
    {
        var file = Path.Combine(Directory.CreateDirectory(tools.StateDirectory).FullName, "built-image-id.txt");
        File.Delete(file); // one a killed build left is not this build's
        return file;
    }

    /// <summary>The id <c>buildah bud --iidfile</c> wrote for the image it built (<c>sha256:&lt;hex&gt;</c>), read once and removed.</summary>
    private static async Task<string> BuiltImageIdAsync(string idFile, CancellationToken cancellationToken)
    {
        var id = File.Exists(idFile) ? (await File.ReadAllTextAsync(idFile, cancellationToken)).Trim() : "";
        File.Delete(idFile); // a later failed build must not find this one's id
        if (id.Length == 0)
            throw new ImageBuildException($"buildah bud succeeded but wrote no image id to {idFile}: is buildah older than 1.0? Update it (apt-get install buildah).");
        return id.StartsWith("sha256:", StringComparison.Ordinal) ? id : "sha256:" + id; // as buildah images --no-trunc prints it
    }

    /// <summary>
    /// A Containerfile of the user's, built with the root as context. Its base comes through ARG BASE_IMAGE: --base-image,
    /// else the offline base; without that ARG its own FROM decides, and a --base-image would be silently ignored, so it is refused.
    /// </summary>
    private static async Task<(string Containerfile, string Context, string? BaseImage)> OwnContainerfileAsync(AbsolutePath root, string own, ContainerSettings settings, ContainerTools tools, IBuildLog log, CancellationToken cancellationToken)
    {
        var path = root / own;
        if (!File.Exists(path))
            throw new ImageBuildException($"{own} does not exist: write it (see the README's Containerfile example), or clear ContainerSettings.Containerfile to build a .NET project.");
        if (!ContainerfileSources.DeclaresBaseImage(await File.ReadAllTextAsync(path, cancellationToken)))
        {
            return settings.BaseImage is null
                ? (path, root, null)
                : throw new ImageBuildException($"--base-image {settings.BaseImage} cannot reach {own}: it has no 'ARG {ContainerfileSources.BaseImageArgument}'. Start it with 'ARG {ContainerfileSources.BaseImageArgument}' and 'FROM ${{{ContainerfileSources.BaseImageArgument}}}', or leave --base-image unset.");
        }

        return (path, root, settings.BaseImage ?? await OfflineBaseImage.EnsureAsync(tools, settings.OfflineBase, settings, log, cancellationToken));
    }

    /// <summary>The repository's one ASP.NET project, or an error naming the setting (and the candidates when there are several).</summary>
    private static string OnlyServingProject(AbsolutePath root) => RepositoryDefaults.ServingProjects(root) switch
    {
        [var only] => only,
        [] => throw new ImageBuildException("This repository has no ASP.NET project (Sdk Microsoft.NET.Sdk.Web) to serve. Set ContainerSettings.Project (and EntryAssembly) in ConfigureContainer to your .NET service, or ContainerSettings.Containerfile to build a service in any language."),
        var several => throw new ImageBuildException($"This repository has {several.Count} ASP.NET projects ({string.Join(", ", several)}) and Containerize cannot choose: set ContainerSettings.Project (and EntryAssembly if its assembly is named otherwise) in ConfigureContainer."),
    };

    /// <summary>The publish output and the model in a context directory, and a Containerfile for them.</summary>
    private static async Task<(string Containerfile, string Context, string? BaseImage)> GenerateContextAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, IBuildLog log, CancellationToken cancellationToken)
    {
        var project = settings.Project ?? OnlyServingProject(root);
        if (!File.Exists(root / project))
            throw new ImageBuildException($"The serving project {project} does not exist. Set ContainerSettings.Project and EntryAssembly to your .NET service in ConfigureContainer, or Containerfile to build a service in any language.");
        var baseImage = settings.BaseImage ?? await OfflineBaseImage.EnsureAsync(tools, OfflineBase.AspNet, settings, log, cancellationToken);
        var model = root / settings.ModelDirectory;
        if (!Directory.Exists(model))
            throw new ImageBuildException($"{settings.ModelDirectory} is missing: run ./build.sh Train first.");
        var context = Path.Combine(tools.StateDirectory, "context");
        var app = Path.Combine(context, "app");
        var stampFile = Path.Combine(context, "app.stamp");
        var stamp = PublishStamp.Of(root, project);
        if (Directory.Exists(app) && File.Exists(stampFile) && await File.ReadAllTextAsync(stampFile, cancellationToken) == stamp)
        {
            log.Info($"{project} is unchanged since its last publish: the app (and its image layer) is reused, only the model is new.");
        }
        else
        {
            if (Directory.Exists(context))
                Directory.Delete(context, recursive: true);
            Directory.CreateDirectory(context);
            await ProcessRunner.RunAsync(log, "dotnet",
                ["publish", root / project, "-c", "Release", "--no-self-contained", "-o", app, "-nologo", "-v", "q"],
                root, cancellationToken);
            AtomicFile.WriteAllText(stampFile, stamp); // written last: an interrupted publish is never reused
        }

        var modelCopy = Path.Combine(context, "model");
        if (Directory.Exists(modelCopy))
            Directory.Delete(modelCopy, recursive: true);
        CopyDirectory(model, modelCopy);
        // the settings first, the files last: a model change then rebuilds one step of the layer cache, not five
        // (each cached step mounts a working container; 0.15 s less per model change with buildah 1.28)
        await File.WriteAllTextAsync(Path.Combine(context, "Containerfile"), $"""
            FROM {baseImage}
            WORKDIR /app
            ENV ASPNETCORE_HTTP_PORTS={settings.Port} Model__Directory=/app/model
            EXPOSE {settings.Port}
            USER 1654
            ENTRYPOINT ["dotnet", "/app/{settings.EntryAssembly ?? RepositoryDefaults.EntryAssembly(root, project)}"]
            COPY app/ /app/
            COPY model/ /app/model/
            """ + "\n", cancellationToken);

        return (Path.Combine(context, "Containerfile"), context, baseImage);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
