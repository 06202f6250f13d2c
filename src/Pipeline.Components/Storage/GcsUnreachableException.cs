namespace Pipeline.Components.Storage;

/// <summary>Cloud Storage could not be reached at all (refused, no route, no answer in time): retried only within the operation's budget.</summary>
internal sealed class GcsUnreachableException(string message, Exception? innerException = null) : Exception(message, innerException);
