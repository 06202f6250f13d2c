using System.Security.Cryptography;
using System.Text;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// An ASP.NET runtime base image built without internet: the runtime libraries from the machine's own package
/// index (<see cref="RuntimePackages"/>: Debian 12 or 13, Ubuntu 24.04), downloaded at their exact candidate
/// versions, plus the machine's own .NET shared runtimes, committed with a fixed timestamp so the same packages and
/// runtime give the same digest. Built once per set: its tag is a hash of the package versions and the runtime version.
/// </summary>
internal static class OfflineBaseImage
{
    public static async Task<string> EnsureAsync(ContainerTools tools, IBuildLog log, CancellationToken cancellationToken)
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetFullPath(ResolveLink(Which("dotnet") ?? throw new ImageBuildException("dotnet is not on PATH."))))!;
        var runtime = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App")).Select(Path.GetFileName).Max()
            ?? throw new ImageBuildException($"No ASP.NET Core runtime under {dotnetRoot}/shared; install the .NET SDK 10 with its runtimes.");
        var versions = await PackageVersionsAsync(cancellationToken);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', versions) + "\nruntime " + runtime)))[..16];
        log.Info($"Base image packages from the {OperatingSystemName()} index: {string.Join(", ", versions)}");
        // in local container storage only: FROM finds it there, and no registry is ever spoken to without TLS for it
        var image = $"localhost/pipeline/aspnet-base:{key}";
        if (await IsInLocalStorageAsync(tools, image, cancellationToken))
            return image;

        log.Info($"Building the offline base image {image} ({versions.Count} packages + .NET {runtime})...");
        var work = Path.Combine(tools.StateDirectory, "base");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        var debs = Directory.CreateDirectory(Path.Combine(work, "debs")).FullName;
        var rootfs = Directory.CreateDirectory(Path.Combine(work, "rootfs")).FullName;
        await Run("apt-get", ["download", .. versions], debs, cancellationToken);
        foreach (var deb in Directory.GetFiles(debs, "*.deb").Order(StringComparer.Ordinal))
            await Run("dpkg-deb", ["-x", deb, rootfs], work, cancellationToken);
        await Run("sh", ["-c", Script(rootfs, dotnetRoot)], work, cancellationToken);

        var container = await tools.RunAsync("buildah", ["from", "scratch"], work, cancellationToken, quiet: true);
        try
        {
            await tools.RunAsync("buildah", ["copy", container, rootfs + "/", "/"], work, cancellationToken, quiet: true);
            await tools.RunAsync("buildah", ["config", "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "--env", "DOTNET_ROOT=/usr/share/dotnet", container], work, cancellationToken);
            await tools.RunAsync("buildah", ["commit", "-q", "--format", "oci", "--timestamp", "0", container, image], work, cancellationToken, quiet: true);
        }
        finally
        {
            await tools.RunAsync("buildah", ["rm", container], work, CancellationToken.None, quiet: true);
        }

        Directory.Delete(work, recursive: true);
        return image;
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

    /// <summary>What the packages' postinst scripts would do, and the users of the image (root, app 1654).</summary>
    private static string Script(string rootfs, string dotnetRoot) => $"""
        set -e
        R='{rootfs}'
        mkdir -p "$R/etc/ssl/certs" "$R/tmp" "$R/usr/share/dotnet/host" "$R/usr/share/dotnet/shared" "$R/usr/bin" "$R/app"
        chmod 1777 "$R/tmp"
        printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654:app:/app:/usr/sbin/nologin\n' > "$R/etc/passwd"
        printf 'root:x:0:\napp:x:1654:\n' > "$R/etc/group"
        find "$R/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$R/etc/ssl/certs/ca-certificates.crt"
        ln -sf /usr/share/zoneinfo/Etc/UTC "$R/etc/localtime"
        cp -a '{dotnetRoot}/dotnet' "$R/usr/share/dotnet/"
        cp -a '{dotnetRoot}/host/fxr' "$R/usr/share/dotnet/host/"
        cp -a '{dotnetRoot}/shared/Microsoft.NETCore.App' '{dotnetRoot}/shared/Microsoft.AspNetCore.App' "$R/usr/share/dotnet/shared/"
        ln -sf /usr/share/dotnet/dotnet "$R/usr/bin/dotnet"
        ldconfig -r "$R"
        """;

    /// <summary>"name=version" of each runtime package, as this machine's package index resolves them.</summary>
    private static async Task<IReadOnlyList<string>> PackageVersionsAsync(CancellationToken cancellationToken)
    {
        var search = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("apt-cache", ["search", "--names-only", RuntimePackages.VaryingPattern], "/") { ThrowOnFailure = false }, cancellationToken);
        var packages = RuntimePackages.Resolve(search.StandardOutput);
        var policy = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("apt-cache", ["policy", .. packages], "/") { ThrowOnFailure = false }, cancellationToken);
        return RuntimePackages.CandidateVersions(packages, policy.StandardOutput);
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

    private static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
