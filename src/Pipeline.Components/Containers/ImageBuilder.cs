using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>
/// Builds the serving image daemonless: for a .NET service, the app image (base, settings, the published app in one
/// layer) with buildah from a generated Containerfile, and the model in its own layer after it, written by us
/// (<see cref="ServingImage"/>: a model-only change builds and re-uploads only that layer, with no build at all); a
/// user's Containerfile with <c>buildah bud</c>. OCI labels, non-root user, the port. Layers are cached (--layers) and
/// timestamps fixed to the commit time, so an unchanged build gives the same digests. Chosen over the SDK's
/// container publishing, which puts the whole publish folder, model included, in one layer with build-time
/// timestamps (a new digest every time).
/// </summary>
public static class ImageBuilder
{
    /// <summary>Builds the image <paramref name="settings"/> describe, labelled with <paramref name="revision"/>, and returns what was built.</summary>
    public static async Task<ImageRecord> BuildAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, IBuildLog log, CancellationToken cancellationToken)
    {
        ImageName.ThrowIfInvalid(settings.ImageRepository);
        if (settings.BaseImage is not null && settings.RuntimePackages.Count > 0)
            log.Warn($"ContainerSettings.RuntimePackages ({string.Join(", ", settings.RuntimePackages)}) go into the offline base only, not into --base-image {settings.BaseImage}: install them in your Containerfile (RUN pip install -r requirements.txt, or apt-get install).");
        string? baseImage = null;
        try
        {
            ImageRecord record;
            if (settings.Containerfile is { } own)
            {
                (var containerfile, var text, var context, baseImage) = await OwnContainerfileAsync(root, own, settings, tools, log, cancellationToken);
                record = await ComposeOwnAsync(root, settings, tools, revision, text, context, baseImage, log, cancellationToken)
                    ?? await BudAsync(root, settings, tools, revision, containerfile, context, baseImage, cancellationToken);
            }
            else
            {
                baseImage = settings.BaseImage; // named in the error when it cannot be pulled
                (baseImage, record) = await ComposeAsync(root, settings, tools, revision, log, cancellationToken);
            }

            log.Info($"Built {settings.ImageName}:{record.Tags[^1]} (and :latest) on {baseImage ?? "the Containerfile's own FROM"}");
            return record;
        }
        catch (Tooling.ToolFailedException exception) when (Explained(exception, settings, baseImage) is not null)
        {
            throw Explained(exception, settings, baseImage)!;
        }
    }

    /// <summary>A user's Containerfile, built by <c>buildah bud</c> with the OCI labels; its base comes through ARG BASE_IMAGE where it declares one.</summary>
    private static async Task<ImageRecord> BudAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, string containerfile, string context, string? baseImage, CancellationToken cancellationToken)
    {
        var baseArgument = baseImage is null ? [] : new[] { "--build-arg", $"{ContainerfileSources.BaseImageArgument}={baseImage}" };
        var idFile = FreshImageIdFile(tools);
        await tools.RunAsync("buildah",
            [.. BudArguments(settings, revision, Tags(revision)), "--iidfile", idFile, .. tools.CertificateArguments(settings.Registry, settings.RegistryCa), .. baseArgument, "-f", containerfile, context],
            root, cancellationToken, quiet: true);
        return await RecordAsync(root, settings, tools, revision, idFile, cancellationToken);
    }

    /// <summary>
    /// A user's Containerfile whose model comes in by one plain COPY after everything else (<see cref="ModelCopy"/>):
    /// the app image from the rest, built when what it reads changes (<see cref="AppSources"/>), and the model laid on
    /// it as for a .NET service. Null when the Containerfile is not of that shape: <c>buildah bud</c> builds it whole.
    /// </summary>
    private static async Task<ImageRecord?> ComposeOwnAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, string text, string context, string? baseImage, IBuildLog log, CancellationToken cancellationToken)
    {
        var model = root / settings.ModelDirectory;
        var modelFolder = Path.GetRelativePath(context, model).Replace('\\', '/');
        if (!Directory.Exists(model) || ModelCopy.Find(text, modelFolder) is not { } copy)
        {
            if (text.Contains(modelFolder, StringComparison.Ordinal))
                log.Info($"{settings.Containerfile} is built whole by buildah: a model change would need no build if its model came in by one 'COPY {modelFolder}/ /<absolute path>/' after every other file (only ENV, USER, EXPOSE, ENTRYPOINT, CMD, LABEL after it).");
            return null;
        }

        var sources = AppSources.Fingerprint(context, copy.AppContainerfile, modelFolder);
        var records = Path.Combine(tools.StateDirectory, "own-app-image", settings.ImageRepository.Replace('/', '_'));
        var build = new AppImageBuild(copy.AppContainerfile, Path.Combine(records, "Containerfile"), context, records,
            $"{copy.AppContainerfile}\n{ContainerfileSources.BaseImageArgument}={baseImage}\nsources {sources ?? "unlisted"}\n",
            baseImage is null ? [] : ["--build-arg", $"{ContainerfileSources.BaseImageArgument}={baseImage}"]);
        // sources that cannot be listed are never taken as unchanged: the app image is built (bud's layer cache decides what runs)
        var recorded = sources is null ? null : AppImage.Recorded(records, build.Inputs);
        log.Info(sources is null
            ? $"{settings.Containerfile} copies what cannot be listed exactly (a glob, a URL, a folder holding the model, or a .containerignore/.dockerignore applies): its app part is built by buildah every time."
            : recorded is not null
                ? $"{settings.Containerfile}: nothing it copies changed, so its app image is reused and the model goes on it as a layer of its own (no build)."
                : $"{settings.Containerfile}: building its app image (all but the model's COPY); the model goes on it as a layer of its own.");
        return await ComposeOnAppAsync(root, settings, tools, revision, build, recorded, model, copy.PathInImage, null, log, cancellationToken);
    }

    /// <summary>
    /// A .NET service: its app image (base, settings, publish output) built when the app changed, then the model laid on
    /// it as a layer of ours (<see cref="ServingImage"/>).
    /// </summary>
    private static async Task<(string BaseImage, ImageRecord Record)> ComposeAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, IBuildLog log, CancellationToken cancellationToken)
    {
        var (context, containerfile, baseImage, recipe) = await GenerateContextAsync(root, settings, tools, log, cancellationToken);
        var build = new AppImageBuild(containerfile, Path.Combine(context, "Containerfile"), context, context, containerfile, []);
        return (baseImage, await ComposeOnAppAsync(root, settings, tools, revision, build, AppImage.Recorded(build.RecordDirectory, build.Inputs), root / settings.ModelDirectory, ServingImage.ModelPath,
            async () =>
            {
                if (recipe is not null)
                    await OfflineBaseImage.EnsureAsync(tools, recipe, log, cancellationToken);
            }, log, cancellationToken));
    }

    /// <summary>
    /// The model laid on <paramref name="recorded"/> (the app image recorded for <paramref name="build"/>'s inputs), or
    /// on one built now (after <paramref name="beforeBuild"/>); an app image pruned from storage since it was recorded is built again.
    /// </summary>
    internal static async Task<ImageRecord> ComposeOnAppAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, SourceRevision revision, AppImageBuild build, AppImage? recorded, string model, string pathInImage, Func<Task>? beforeBuild, IBuildLog log, CancellationToken cancellationToken)
    {
        if (recorded is not null) // its base was there when it was built, and its layers hold what it needs
        {
            try
            {
                return await ServingImage.ComposeAsync(root, settings, tools, recorded, model, pathInImage, revision, cancellationToken);
            }
            catch (Tooling.ToolFailedException)
            {
                log.Info($"The app image {recorded.Id[..Math.Min(19, recorded.Id.Length)]} is no longer in local storage: building it again.");
            }
        }

        if (beforeBuild is not null)
            await beforeBuild();
        var app = await AppImage.BuildAsync(root, settings, tools, build, revision, cancellationToken);
        return await ServingImage.ComposeAsync(root, settings, tools, app, model, pathInImage, revision, cancellationToken);
    }

    /// <summary>What a failed build means for the user, or null when the tool's own message says it best.</summary>
    private static ImageBuildException? Explained(Tooling.ToolFailedException exception, ContainerSettings settings, string? baseImage)
    {
        if (settings.Containerfile is not null && settings.BaseImage is null && baseImage is not null && IsMissingShell(exception.StandardError))
            return new ImageBuildException($"A RUN line of {settings.Containerfile} needs a shell, and the offline base has none (nor a package manager): it holds only the Debian packages of the runtime. Declare what the service needs in ContainerSettings.RuntimePackages (Debian names such as python3-sklearn, laid into the base), copy files in with COPY, or build on an image with a shell: --base-image python:3.12-slim@sha256:<digest> and RUN pip install -r requirements.txt. ({exception.Message})", exception);
        if (exception.StandardError.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase) || exception.StandardError.Contains("initializing source", StringComparison.OrdinalIgnoreCase))
        {
            if (baseImage is not null)
                return new ImageBuildException($"The base image {baseImage} could not be pulled: it does not exist or the registry is unreachable. Check --base-image, or leave it unset to build the offline base. ({exception.Message})", exception);
            if (settings.Containerfile is not null)
                return new ImageBuildException($"An image in the FROM lines of {settings.Containerfile} could not be pulled: it does not exist or the registry is unreachable. Pin one you can reach, or declare ARG BASE_IMAGE and FROM ${{BASE_IMAGE}} to build on the offline base. ({exception.Message})", exception);
        }

        return null;
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
        .. UnlabelledBudArguments(revision),
        .. Labels(revision).SelectMany(label => new[] { "--label", $"{label.Key}={label.Value}" }),
        .. tags.SelectMany(tag => new[] { "-t", $"{settings.ImageName}:{tag}" }),
    ];

    /// <summary>The layer cache, OCI format, the commit's time as every timestamp: what the app image is built with too.</summary>
    internal static IReadOnlyList<string> UnlabelledBudArguments(SourceRevision revision) =>
        ["bud", "-q", "--layers", "--format", "oci", .. ContainerTools.BuildIsolationArguments, "--timestamp", revision.CommitEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>The OCI labels every image of ours carries: where its source is, the commit, and the commit's time as its creation.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Labels(SourceRevision revision) =>
    [
        new("org.opencontainers.image.source", revision.SourceUrl),
        new("org.opencontainers.image.revision", revision.Sha),
        new("org.opencontainers.image.created", $"{DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch):yyyy-MM-ddTHH:mm:ssZ}"),
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

        return Record(root, settings, new ImageRecord(settings.ImageName, [.. tags], revision.Sha, imageId));
    }

    /// <summary>Writes <paramref name="record"/> to the settings' image file (atomically), for Push.</summary>
    internal static ImageRecord Record(AbsolutePath root, ContainerSettings settings, ImageRecord record)
    {
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
    internal static async Task<string> BuiltImageIdAsync(string idFile, CancellationToken cancellationToken)
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
    private static async Task<(string Containerfile, string Text, string Context, string? BaseImage)> OwnContainerfileAsync(AbsolutePath root, string own, ContainerSettings settings, ContainerTools tools, IBuildLog log, CancellationToken cancellationToken)
    {
        var path = root / own;
        if (!File.Exists(path))
            throw new ImageBuildException($"{own} does not exist: write it (see the README's Containerfile example), or clear ContainerSettings.Containerfile to build a .NET project.");
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        if (!ContainerfileSources.DeclaresBaseImage(text))
        {
            return settings.BaseImage is null
                ? (path, text, root, null)
                : throw new ImageBuildException($"--base-image {settings.BaseImage} cannot reach {own}: it has no 'ARG {ContainerfileSources.BaseImageArgument}'. Start it with 'ARG {ContainerfileSources.BaseImageArgument}' and 'FROM ${{{ContainerfileSources.BaseImageArgument}}}', or leave --base-image unset.");
        }

        return (path, text, root, settings.BaseImage ?? await OfflineBaseImage.EnsureAsync(tools, settings.OfflineBase, settings, log, cancellationToken));
    }

    /// <summary>The repository's one ASP.NET project, or an error naming the setting (and the candidates when there are several).</summary>
    private static string OnlyServingProject(AbsolutePath root) => RepositoryDefaults.ServingProjects(root) switch
    {
        [var only] => only,
        [] => throw new ImageBuildException("This repository has no ASP.NET project (Sdk Microsoft.NET.Sdk.Web) to serve. Set ContainerSettings.Project (and EntryAssembly) in ConfigureContainer to your .NET service, or ContainerSettings.Containerfile to build a service in any language."),
        var several => throw new ImageBuildException($"This repository has {several.Count} ASP.NET projects ({string.Join(", ", several)}) and Containerize cannot choose: set ContainerSettings.Project (and EntryAssembly if its assembly is named otherwise) in ConfigureContainer."),
    };

    /// <summary>
    /// The publish output in a context directory (published again only when the project changed), and the app image's
    /// Containerfile for it: the settings first, the files last. The model is not in it: <see cref="ServingImage"/> lays it on.
    /// </summary>
    private static async Task<(string Context, string Containerfile, string BaseImage, BaseImageRecipe? Recipe)> GenerateContextAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, IBuildLog log, CancellationToken cancellationToken)
    {
        var project = settings.Project ?? OnlyServingProject(root);
        if (!File.Exists(root / project))
            throw new ImageBuildException($"The serving project {project} does not exist. Set ContainerSettings.Project and EntryAssembly to your .NET service in ConfigureContainer, or Containerfile to build a service in any language.");
        var recipe = settings.BaseImage is null ? await OfflineBaseImage.RecipeAsync(OfflineBase.AspNet, settings, cancellationToken) : null;
        var baseImage = settings.BaseImage ?? OfflineBaseImage.NameOf(recipe!); // built, when missing, only for a new app image
        if (!Directory.Exists(root / settings.ModelDirectory))
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
                Directory.Delete(context, recursive: true); // the app image recorded there goes with the old app
            Directory.CreateDirectory(context);
            await ProcessRunner.RunAsync(log, "dotnet",
                ["publish", root / project, "-c", "Release", "--no-self-contained", "-o", app, "-nologo", "-v", "q"],
                root, cancellationToken);
            AtomicFile.WriteAllText(stampFile, stamp); // written last: an interrupted publish is never reused
        }

        var containerfile = $"""
            FROM {baseImage}
            WORKDIR /app
            ENV ASPNETCORE_HTTP_PORTS={settings.Port} Model__Directory={ServingImage.ModelPath}
            EXPOSE {settings.Port}
            USER 1654
            ENTRYPOINT ["dotnet", "/app/{settings.EntryAssembly ?? RepositoryDefaults.EntryAssembly(root, project)}"]
            COPY app/ /app/
            """ + "\n";
        return (context, containerfile, baseImage, recipe);
    }
}
