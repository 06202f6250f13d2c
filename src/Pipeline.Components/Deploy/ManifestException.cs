using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>The manifests under kubernetes/ cannot be rendered (malformed YAML, no container to pin); the message names the file and the fix.</summary>
public sealed class ManifestException(string message, Exception? innerException = null) : PipelineException(message, innerException);
