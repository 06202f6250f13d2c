using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>A registry refused, could not be reached, or lacks credentials; the message names the fix.</summary>
public sealed class RegistryException(string message, Exception? innerException = null) : PipelineException(message, innerException);
