namespace Pipeline.Build.Caching;

/// <summary>The artifact store cannot be reached now (network, outage, retries exhausted): a miss, not a failure, unless the store is required.</summary>
public sealed class ArtifactStoreUnavailableException(string message, Exception? inner = null) : PipelineException(message, inner);
