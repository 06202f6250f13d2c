namespace Pipeline.Build.Caching;

/// <summary>Implemented by a build (or a component interface) that chooses its own artifact store instead of <c>.nuke/cache</c>.</summary>
public interface IArtifactStoreProvider
{
    /// <summary>The store for this run; called once, after parameters are resolved.</summary>
    IArtifactStore CreateArtifactStore();
}
