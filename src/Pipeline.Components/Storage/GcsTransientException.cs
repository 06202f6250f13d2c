namespace Pipeline.Components.Storage;

/// <summary>
/// Cloud Storage answered 408, 429 or 5xx (retry after <see cref="RetryAfter"/> when the server said so), or a
/// resumable session expired (<see cref="SessionExpired"/>: the next attempt starts a new one): worth another try.
/// </summary>
internal sealed class GcsTransientException(string message, TimeSpan? retryAfter = null, bool sessionExpired = false) : Exception(message)
{
    public TimeSpan? RetryAfter => retryAfter;

    public bool SessionExpired => sessionExpired;
}
