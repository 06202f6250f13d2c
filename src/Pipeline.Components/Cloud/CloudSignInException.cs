using Pipeline.Build;

namespace Pipeline.Components.Cloud;

/// <summary>A cloud refused to sign the build in (role, audience, federated credential, permission); the message names the fix.</summary>
public sealed class CloudSignInException(string message, Exception? innerException = null) : PipelineException(message, innerException);
