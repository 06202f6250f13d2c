namespace Pipeline.Build.Caching;

/// <summary>Bytes moved so far of one object, and its size.</summary>
public readonly record struct TransferProgress(long Bytes, long Total);
