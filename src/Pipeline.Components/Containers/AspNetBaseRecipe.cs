namespace Pipeline.Components.Containers;

/// <summary>
/// An ASP.NET base: the runtime libraries from the machine's own package index (<see cref="RuntimePackages"/>: Debian
/// 12 or 13, Ubuntu 24.04) plus the machine's own .NET shared runtimes.
/// </summary>
internal static class AspNetBaseRecipe
{
    public static async Task<BaseImageRecipe> CreateAsync(CancellationToken cancellationToken)
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetFullPath(ResolveLink(Which("dotnet") ?? throw new ImageBuildException("dotnet is not on PATH."))))!;
        var runtime = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App")).Select(Path.GetFileName).Max()
            ?? throw new ImageBuildException($"No ASP.NET Core runtime under {dotnetRoot}/shared; install the .NET SDK 10 with its runtimes.");
        var packages = RuntimePackages.Resolve(await AptCache.QueryAsync(["search", "--names-only", RuntimePackages.VaryingPattern], cancellationToken));
        return new BaseImageRecipe(
            "aspnet",
            await AptCache.CandidateVersionsAsync(packages, cancellationToken),
            "runtime " + runtime,
            $"""
            mkdir -p "$R/etc/ssl/certs" "$R/usr/share/dotnet/host" "$R/usr/share/dotnet/shared" "$R/usr/bin" "$R/app"
            find "$R/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$R/etc/ssl/certs/ca-certificates.crt"
            cp -a '{dotnetRoot}/dotnet' "$R/usr/share/dotnet/"
            cp -a '{dotnetRoot}/host/fxr' "$R/usr/share/dotnet/host/"
            cp -a '{dotnetRoot}/shared/Microsoft.NETCore.App' '{dotnetRoot}/shared/Microsoft.AspNetCore.App' "$R/usr/share/dotnet/shared/"
            ln -sf /usr/share/dotnet/dotnet "$R/usr/bin/dotnet"
            """,
            ["DOTNET_ROOT=/usr/share/dotnet"]);
    }

    private static string? Which(string command) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
