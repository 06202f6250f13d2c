namespace Pipeline.Build.Caching;

/// <summary>The content of <c>pipeline.lock</c>: tracked data files and one entry per cached target.</summary>
internal sealed class LockFile
{
    public int Version { get; set; } = 1;
    public SortedDictionary<string, string> Data { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, StageEntry> Targets { get; set; } = new(StringComparer.Ordinal);
}
