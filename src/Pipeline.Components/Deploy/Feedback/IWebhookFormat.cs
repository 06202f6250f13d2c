namespace Pipeline.Components.Deploy.Feedback;

/// <summary>How one chat service wants a deploy message posted to its incoming webhook.</summary>
internal interface IWebhookFormat
{
    /// <summary>The service's name, for warnings.</summary>
    string Service { get; }

    /// <summary>The JSON body to POST.</summary>
    object Payload(DeployNews news);
}
