namespace Pipeline.Components.Packaging;

/// <summary>The folder Pack writes: emptied before packing, so PublishPackages sends only this run's packages.</summary>
internal static class PackageFolder
{
    public static void Clear(string directory)
    {
        if (!Directory.Exists(directory))
            return;
        foreach (var file in Directory.EnumerateFiles(directory, "*.nupkg").Concat(Directory.EnumerateFiles(directory, "*.snupkg")))
            File.Delete(file);
    }

    /// <summary>The .nupkg files (symbol packages travel beside them), in name order.</summary>
    public static IReadOnlyList<string> Packages(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*.nupkg").Order(StringComparer.Ordinal)] : [];
}
