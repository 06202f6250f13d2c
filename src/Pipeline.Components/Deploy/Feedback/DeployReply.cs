namespace Pipeline.Components.Deploy.Feedback;

/// <summary>How Deploy's reply on a merged pull/merge request is recognised (one per environment).</summary>
internal static class DeployReply
{
    /// <summary>The hidden marker of the reply for <paramref name="environment"/>.</summary>
    public static string Marker(string environment) => $"<!-- pipeline-deploy {environment} -->";
}
