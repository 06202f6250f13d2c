using Pipeline.Build;

namespace Pipeline.Components.CodeHost;

/// <summary>The pull/merge request comment could not be written (token, permissions, API); the message names the fix.</summary>
public sealed class ReportPublishException(string message, Exception? innerException = null) : PipelineException(message, innerException);
