using Pipeline.Build;

namespace Pipeline.Components.Storage;

/// <summary>Cloud Storage refused the credentials or the bucket (401/403/invalid_grant); unlike an outage, retrying does not help.</summary>
public sealed class GcsAccessException(string message, Exception? innerException = null) : PipelineException(message, innerException);
