namespace Pipeline.Components.Storage;

/// <summary>Cloud Storage answered 408, 429 or 5xx, or a resumable session expired: worth another try, after <see cref="RetryAfter"/> when the server said so.</summary>
internal sealed class GcsTransientException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter => retryAfter;
}
