using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A CI job image that is not this machine, built offline: a Debian 13 (trixie) root file system from the Debian
/// registry (mmdebstrap, minbase + git, ICU, OpenSSL, CA certificates) with this machine's .NET 10 SDK copied in,
/// and no buildah, podman or Node — a stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (Ubuntu 24.04, the same new
/// package names). Kept in a podman storage of the tests' own, reused while its recipe and the SDK are unchanged.
/// </summary>
internal sealed class DebianRunnerImage
{
    private const string Suite = "trixie";
    private const string Mirror = "http://deb.debian.org/debian";
    private static readonly string[] Included = ["ca-certificates", "git", "libicu76", "libssl3t64", "tzdata"];

    private DebianRunnerImage(string name, string stateDirectory)
    {
        Name = name;
        HelperName = name.Replace("runner-debian13", "runner-helper-debian13", StringComparison.Ordinal);
        StateDirectory = stateDirectory;
    }

    /// <summary>The image's name in the tests' podman storage.</summary>
    public string Name { get; }

    /// <summary>
    /// gitlab-ci-local's helper image (it copies artifacts and caches out of the job's volume with bash and rsync):
    /// the runner image plus rsync, as GitLab's own helper is an image apart from the job's.
    /// </summary>
    public string HelperName { get; }

    /// <summary>Where the tests' podman keeps its configuration and storage.</summary>
    public string StateDirectory { get; }

    /// <summary>Environment that points podman at the tests' storage (as the build does for its own).</summary>
    public IReadOnlyDictionary<string, string?> PodmanEnvironment => new Dictionary<string, string?>
    {
        ["CONTAINERS_CONF"] = Path.Combine(StateDirectory, "containers.conf"),
        ["CONTAINERS_STORAGE_CONF"] = Path.Combine(StateDirectory, "storage.conf"),
    };

    public static async Task<DebianRunnerImage> EnsureAsync(CancellationToken cancellationToken)
    {
        await Pipeline.Components.Tooling.DebianPackages.EnsureAsync(new RecordingLog(), ["mmdebstrap", "rsync"], cancellationToken);
        var state = Path.Combine(RepositoryRoot.Path, ".nuke/temp/runner-image");
        // the build's own podman configuration (and its install of podman), over a storage of the tests' own
        await Pipeline.Components.Containers.ContainerTools.PrepareAsync(state, "127.0.0.1:5000", new RecordingLog(), cancellationToken);
        var sdk = (await Cli.Wrap("dotnet").WithArguments("--version").ExecuteBufferedAsync(cancellationToken)).StandardOutput.Trim();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Suite} {string.Join(',', Included)} sdk {sdk}")))[..12];
        var image = new DebianRunnerImage($"localhost/pipeline/runner-debian13:{key}", state);
        if ((await image.PodmanAsync(["image", "exists", image.Name], cancellationToken, check: false)).ExitCode != 0)
            await image.BuildAsync(cancellationToken);
        if ((await image.PodmanAsync(["image", "exists", image.HelperName], cancellationToken, check: false)).ExitCode != 0)
        {
            var container = $"runner-helper-{key}";
            await image.PodmanAsync(["rm", "-f", container], cancellationToken, check: false);
            await image.PodmanAsync(["run", "--name", container, "--network", "host", image.Name, "sh", "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsync >/dev/null && rm -rf /var/lib/apt/lists/*"], cancellationToken);
            await image.PodmanAsync(["commit", "-q", container, image.HelperName], cancellationToken);
            await image.PodmanAsync(["rm", container], cancellationToken);
        }

        return image;
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        var image = this;

        var work = Directory.CreateTempSubdirectory("runner-image-").FullName;
        try
        {
            var rootfs = Path.Combine(work, "rootfs.tar");
            await Run("mmdebstrap", ["--variant=minbase", "--include=" + string.Join(',', Included), Suite, rootfs, Mirror], work, cancellationToken);
            var dotnet = Path.GetDirectoryName(new FileInfo("/usr/share/dotnet/dotnet").ResolveLinkTarget(true)?.FullName ?? "/usr/share/dotnet/dotnet")!;
            Directory.CreateDirectory(Path.Combine(work, "extra/usr/bin"));
            File.CreateSymbolicLink(Path.Combine(work, "extra/usr/bin/dotnet"), "/usr/share/dotnet/dotnet");
            await Run("tar", ["rf", rootfs, "--transform", $"s|^{dotnet.TrimStart('/')}|usr/share/dotnet|", "-C", "/", dotnet.TrimStart('/')], work, cancellationToken);
            await Run("tar", ["rf", rootfs, "-C", Path.Combine(work, "extra"), "usr/bin/dotnet"], work, cancellationToken);
            await image.PodmanAsync(["import", "-q",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--change", "ENV DOTNET_ROOT=/usr/share/dotnet",
                "--change", "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1",
                rootfs, image.Name], cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs podman on the tests' storage.</summary>
    public async Task<BufferedCommandResult> PodmanAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool check = true)
    {
        var result = await Cli.Wrap("podman").WithArguments(arguments).WithEnvironmentVariables(PodmanEnvironment)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"podman {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        return result;
    }

    private static async Task Run(string program, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(directory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
    }
}
