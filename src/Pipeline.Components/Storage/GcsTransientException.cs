namespace Pipeline.Components.Storage;

/// <summary>Cloud Storage answered 408, 429 or 5xx, or a resumable session expired: worth another try.</summary>
internal sealed class GcsTransientException(string message) : Exception(message);
