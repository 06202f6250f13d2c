namespace Pipeline.Build;

/// <summary>Fails the running target with a message and no stack trace (exit code 1).</summary>
public sealed class TargetFailedException(string message, Exception? innerException = null) : PipelineException(message, innerException);
