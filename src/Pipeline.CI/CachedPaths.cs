using Pipeline.Build;

namespace Pipeline.CI;

/// <summary>What every generated job caches: NuGet packages, the artifact store, and the compiled build (build.sh reuses it when the sources hash the same).</summary>
internal static class CachedPaths
{
    public static IReadOnlyList<string> All { get; } = [".nuget/packages", BuildLayout.CacheDirectory, BuildLayout.CompiledBuildDirectory, BuildLayout.CompiledBuildHashFile];
}
