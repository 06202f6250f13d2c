namespace Pipeline.Build.Caching;

/// <summary>The artifact store of a run and whether to restore missing outputs from it (--pull) and upload new ones (--push).</summary>
internal sealed record ArtifactTransfer(IArtifactStore Store, bool Pull, bool Push);
