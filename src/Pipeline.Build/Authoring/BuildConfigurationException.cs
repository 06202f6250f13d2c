namespace Pipeline.Build;

/// <summary>A usage or configuration error: the build stops before running anything, with exit code 2.</summary>
public sealed class BuildConfigurationException(string message) : Exception(message);
