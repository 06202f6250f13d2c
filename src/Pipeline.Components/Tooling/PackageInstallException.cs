using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>Debian packages a step needs are missing and cannot be installed here; the message names the install command.</summary>
public sealed class PackageInstallException(string message, Exception? innerException = null) : PipelineException(message, innerException);
