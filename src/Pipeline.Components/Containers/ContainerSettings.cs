using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>What Containerize builds and Push pushes. Change it in <see cref="IContainerize.ConfigureContainer"/>.</summary>
public sealed record ContainerSettings
{
    /// <summary>
    /// The .NET project published into the image when there is no <see cref="Containerfile"/>; null: the repository's one
    /// ASP.NET project (Sdk <c>Microsoft.NET.Sdk.Web</c>), found when Containerize runs.
    /// </summary>
    public string? Project { get; init; }

    /// <summary>The assembly the image runs; null: the project's assembly name (its AssemblyName, else its file name) with .dll.</summary>
    public string? EntryAssembly { get; init; }

    /// <summary>More inputs of the Containerize cache beside the project directory and the model (e.g. sources the project references).</summary>
    public IReadOnlyList<string> ExtraInputs { get; init; } = [];

    /// <summary>The trained model, copied in its own layer so a model-only change re-uploads only that layer.</summary>
    public string ModelDirectory { get; init; } = $"{BuildLayout.ArtifactsDirectory}/model";

    /// <summary>Registry host (and port).</summary>
    public string Registry { get; init; } = "127.0.0.1:5000";

    /// <summary>Repository of the image in the registry (<c>--image-repository</c>; by default the repository's directory name, lower-cased).</summary>
    public required string ImageRepository { get; init; }

    /// <summary>The port the service listens on inside the container.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>A base image to build on; null builds the offline base from Debian packages and the local .NET runtime.</summary>
    public string? BaseImage { get; init; }

    /// <summary>A Containerfile of your own (for models not served by .NET), relative to the root; it is built with the
    /// root as context, with the same tags and labels. Null generates one for <see cref="Project"/>.</summary>
    public string? Containerfile { get; init; }

    /// <summary>
    /// The base built from Debian packages when <see cref="BaseImage"/> is null: ASP.NET for the generated
    /// Containerfile, or Python; a Containerfile of your own receives it (or --base-image) through <c>ARG BASE_IMAGE</c>.
    /// </summary>
    public OfflineBase OfflineBase { get; init; } = OfflineBase.AspNet;

    /// <summary>
    /// Debian packages the service needs at run time (python3-sklearn, python3-joblib, libgomp1, …), laid into the
    /// offline base with everything they depend on, and installed by the generated CI before the jobs that train or
    /// test. With --base-image they are not added: install them in your Containerfile (pip install -r requirements.txt).
    /// </summary>
    public IReadOnlyList<string> RuntimePackages { get; init; } = [];

    /// <summary>
    /// Packages left out of <see cref="RuntimePackages"/>' dependencies, with what only they need (names, or patterns
    /// with <c>*</c>). Debian declares some build tools as run-time dependencies (python3-scipy → python3-pythran →
    /// g++, Boost and Python headers: 600 MB); a serving image never compiles, so compilers, binutils and <c>-dev</c>
    /// packages are left out by default. Set it to [] to take apt's closure whole.
    /// </summary>
    public IReadOnlyList<string> LeftOutPackages { get; init; } = ["*-dev", "gcc", "gcc-*", "g++", "g++-*", "cpp", "cpp-*", "clang-*", "binutils", "binutils-*", "python3-pythran"];

    /// <summary>What Containerize's cache watches: the project directory and the model, or your Containerfile and what it copies.</summary>
    public IReadOnlyList<string> Inputs(string rootDirectory)
    {
        if (Containerfile is null)
            return [.. Project is null ? [] : new[] { $"{Path.GetDirectoryName(Project)}/**/*" }, ModelDirectory, .. ExtraInputs];
        var path = Path.Combine(rootDirectory, Containerfile);
        var copied = File.Exists(path) ? ContainerfileSources.Parse(File.ReadAllText(path)) : [];
        return [Containerfile, .. copied, .. ExtraInputs];
    }

    /// <summary>Where the local container tools keep their configuration, storage and the registry's data.</summary>
    public string StateDirectory { get; init; } = BuildLayout.ContainersDirectory;

    /// <summary>What Containerize records (image name and tags) and Push reads.</summary>
    public string ImageFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/image.json";

    /// <summary>The pushed digest, for Deploy to pin.</summary>
    public string DigestFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/image-digest.txt";

    /// <summary>The image name without tag.</summary>
    public string ImageName => $"{Registry}/{ImageRepository}";

    /// <summary>The ModelCar image's record (what <c>PushModelImage</c> built), beside <see cref="ImageFile"/>.</summary>
    public string ModelImageFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/model-image.json";

    /// <summary>The ModelCar image's pushed digest, for Deploy to pin in an InferenceService's <c>storageUri</c>.</summary>
    public string ModelDigestFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/model-image-digest.txt";

    /// <summary>These settings for the ModelCar image: repository <c>&lt;ImageRepository&gt;-model</c> and its own record files.</summary>
    public ContainerSettings ForModelImage() => this with { ImageRepository = ImageRepository + "-model", ImageFile = ModelImageFile, DigestFile = ModelDigestFile };

    /// <summary>A CA certificate (PEM) that signs the registry's TLS certificate, for a private CA; TLS is verified either way.</summary>
    public string? RegistryCa { get; init; }

    /// <summary>Whether the registry is on loopback (127.0.0.0/8, ::1, localhost): plain HTTP allowed; any other is TLS, verified.</summary>
    public bool IsLocalRegistry => RegistryHost.IsLoopback(Registry);
}
