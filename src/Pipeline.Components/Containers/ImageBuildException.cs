using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>The image could not be built (base image, Containerfile, publish); the message names the fix.</summary>
public sealed class ImageBuildException(string message, Exception? innerException = null) : PipelineException(message, innerException);
