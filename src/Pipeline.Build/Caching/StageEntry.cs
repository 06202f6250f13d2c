namespace Pipeline.Build.Caching;

/// <summary>What a stage ran with and what it wrote: relative paths and parameter names to SHA-256 hashes.</summary>
internal sealed class StageEntry
{
    public SortedDictionary<string, string> Inputs { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Outputs { get; set; } = new(StringComparer.Ordinal);
}
