namespace Pipeline.Build;

/// <summary>
/// A failure whose message says what went wrong and how to fix it: the engine prints the message (no stack trace)
/// and fails the running target. Clients (registry, storage, cluster, tools) derive their own exception types.
/// </summary>
public abstract class PipelineException(string message, Exception? innerException = null) : Exception(message, innerException);
