using Pipeline.Build;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>A deploy could not be made visible somewhere (chat, deployment status, pull request); reported as a warning.</summary>
internal sealed class NotificationException(string message) : PipelineException(message);
