namespace Pipeline.Build.Caching;

/// <summary>The artifact store could not be reached after retries; the run goes on as if the object were missing.</summary>
public sealed class ArtifactStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
