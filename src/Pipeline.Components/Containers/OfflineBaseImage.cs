using System.Security.Cryptography;
using System.Text;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// A base image built without internet from a <see cref="BaseImageRecipe"/>: Debian packages from the machine's own
/// package index downloaded at their exact candidate versions and unpacked (no maintainer scripts), the recipe's own
/// files, committed with a fixed timestamp so the same packages give the same digest. Built once per set: its tag is
/// a hash of the package versions and the recipe's identity.
/// </summary>
public static class OfflineBaseImage
{
    /// <summary>The label that lists the base's Debian packages as <c>name=version</c>, space-separated; images built on it inherit it, and the bill of materials reads it.</summary>
    internal const string PackagesLabel = "dev.pipeline.base.packages";

    /// <summary>The label that names the distribution the packages came from (<c>debian-13</c>), as a <c>pkg:deb</c> purl's <c>distro</c> qualifier.</summary>
    internal const string DistroLabel = "dev.pipeline.base.distro";

    // bumped when the image's layout changes without a package or recipe change (2: the package labels), so each machine rebuilds it once
    private const string LayoutVersion = "2";

    /// <summary>The base of <paramref name="kind"/> with the settings' <see cref="ContainerSettings.RuntimePackages"/> (and what they need) laid in.</summary>
    public static async Task<string> EnsureAsync(ContainerTools tools, OfflineBase kind, ContainerSettings settings, IBuildLog log, CancellationToken cancellationToken) =>
        await EnsureAsync(tools, await RecipeAsync(kind, settings, cancellationToken), log, cancellationToken);

    /// <summary>The recipe of the base of <paramref name="kind"/> with the settings' runtime packages (and what they need).</summary>
    internal static async Task<BaseImageRecipe> RecipeAsync(OfflineBase kind, ContainerSettings settings, CancellationToken cancellationToken)
    {
        var recipe = kind == OfflineBase.Python ? await PythonBaseRecipe.CreateAsync(cancellationToken) : await AspNetBaseRecipe.CreateAsync(cancellationToken);
        return await RuntimeDependencies.AddAsync(recipe, settings.RuntimePackages, settings.LeftOutPackages, cancellationToken);
    }

    /// <summary>The name of <paramref name="recipe"/>'s image, a hash of its packages and identity, whether it is built yet or not.</summary>
    internal static string NameOf(BaseImageRecipe recipe)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', recipe.Packages) + "\n" + recipe.Identity + "\n" + LayoutVersion)))[..16];
        // in local container storage only: FROM finds it there, and no registry is ever spoken to without TLS for it
        return $"localhost/pipeline/{recipe.Name}-base:{key}";
    }

    /// <summary>The image of <paramref name="recipe"/> in local storage, built first when missing.</summary>
    public static async Task<string> EnsureAsync(ContainerTools tools, BaseImageRecipe recipe, IBuildLog log, CancellationToken cancellationToken)
    {
        var image = NameOf(recipe);
        if (await IsInLocalStorageAsync(tools, image, cancellationToken))
            return image;

        log.Info($"Building the offline base image {image} ({recipe.Packages.Count} packages from the {OperatingSystemName()} index, {recipe.Identity})...");
        log.Info($"Base image packages: {string.Join(", ", recipe.Packages)}");
        var work = Path.Combine(tools.StateDirectory, "base");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        var debs = Directory.CreateDirectory(Path.Combine(work, "debs")).FullName;
        var rootfs = Directory.CreateDirectory(Path.Combine(work, "rootfs")).FullName;
        await Run("apt-get", ["download", .. recipe.Packages], debs, cancellationToken);
        var alternatives = new List<MaintainerAlternatives.Link>();
        foreach (var deb in Directory.GetFiles(debs, "*.deb").Order(StringComparer.Ordinal))
        {
            await Run("dpkg-deb", ["-x", deb, rootfs], work, cancellationToken);
            alternatives.AddRange(MaintainerAlternatives.Parse(await PostinstAsync(deb, work, cancellationToken)));
        }

        LinkAlternatives(rootfs, alternatives);
        await Run("sh", ["-c", Script(rootfs, recipe.Setup)], work, cancellationToken);

        var container = await tools.RunAsync("buildah", ["from", "scratch"], work, cancellationToken, quiet: true);
        try
        {
            await tools.RunAsync("buildah", ["copy", container, rootfs + "/", "/"], work, cancellationToken, quiet: true);
            await tools.RunAsync("buildah", ["config", "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", .. recipe.Environment.SelectMany(variable => new[] { "--env", variable }),
                "--label", $"{PackagesLabel}={string.Join(' ', recipe.Packages)}", "--label", $"{DistroLabel}={Distro()}", container], work, cancellationToken);
            await tools.RunAsync("buildah", ["commit", "-q", "--format", "oci", "--timestamp", "0", container, image], work, cancellationToken, quiet: true);
        }
        finally
        {
            await tools.RunAsync("buildah", ["rm", container], work, CancellationToken.None, quiet: true);
        }

        Directory.Delete(work, recursive: true);
        return image;
    }

    /// <summary>The package's postinst script; empty when it has none.</summary>
    private static async Task<string> PostinstAsync(string deb, string directory, CancellationToken cancellationToken)
    {
        var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("dpkg-deb", ["--info", deb, "postinst"], directory) { ThrowOnFailure = false }, cancellationToken);
        return result.ExitCode == 0 ? result.StandardOutput : "";
    }

    /// <summary>The update-alternatives links of the unpacked packages, pointing straight at the chosen file (no /etc/alternatives hop).</summary>
    private static void LinkAlternatives(string rootfs, IEnumerable<MaintainerAlternatives.Link> candidates)
    {
        foreach (var link in MaintainerAlternatives.Chosen(candidates))
        {
            var path = rootfs + link.Path;
            if (!File.Exists(rootfs + link.Target) && !Directory.Exists(rootfs + link.Target))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
                File.Delete(path);
            File.CreateSymbolicLink(path, link.Target);
        }
    }

    private static async Task<bool> IsInLocalStorageAsync(ContainerTools tools, string image, CancellationToken cancellationToken)
    {
        try
        {
            await tools.RunAsync("buildah", ["inspect", "--type", "image", "--format", "{{.FromImageID}}", image], tools.StateDirectory, cancellationToken, quiet: true);
            return true;
        }
        catch (Tooling.ToolFailedException)
        {
            return false;
        }
    }

    /// <summary>What the packages' postinst scripts would do for every image, the users (root, app 1654), then the recipe's lines.</summary>
    private static string Script(string rootfs, string setup) => $"""
        set -e
        R='{rootfs}'
        mkdir -p "$R/etc" "$R/tmp" "$R/usr/bin"
        chmod 1777 "$R/tmp"
        printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654:app:/app:/usr/sbin/nologin\n' > "$R/etc/passwd"
        printf 'root:x:0:\napp:x:1654:\n' > "$R/etc/group"
        ln -sf /usr/share/zoneinfo/Etc/UTC "$R/etc/localtime"
        {setup}
        ldconfig -r "$R"
        """;

    /// <summary>ID-VERSION_ID of this machine's os-release (<c>debian-13</c>): where the package index the versions come from belongs.</summary>
    private static string Distro()
    {
        var fields = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).GroupBy(pair => pair[0]).ToDictionary(group => group.Key, group => group.First()[1].Trim('"'))
            : [];
        return fields.TryGetValue("VERSION_ID", out var version) ? $"{fields.GetValueOrDefault("ID", "debian")}-{version}" : fields.GetValueOrDefault("ID", "debian");
    }

    private static string OperatingSystemName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "machine's"
            : "machine's";

    private static async Task Run(string program, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand(program, arguments, directory) { ThrowOnFailure = false }, cancellationToken);
        if (result.ExitCode != 0)
            throw new ImageBuildException($"Building the offline base image: '{program} {string.Join(' ', arguments)}' failed: {result.StandardError.Trim()}");
    }
}
