namespace Pipeline.Components.Deploy.Feedback;

/// <summary>A Microsoft Teams workflow-webhook message: one Adaptive Card as a message attachment.</summary>
internal sealed class TeamsMessage : IWebhookFormat
{
    /// <inheritdoc />
    public string Service => "Teams";

    /// <inheritdoc />
    public object Payload(DeployNews news)
    {
        var body = new List<object>
        {
            new { type = "TextBlock", text = $"{DeployMessage.Icon(news.State)} {news.Headline}", weight = "Bolder", size = "Medium", wrap = true },
            new { type = "FactSet", facts = DeployMessage.Facts(news).Where(f => f.Title != "Why").Select(f => new { title = f.Title, value = f.Value }).ToArray() },
        };
        if (news.Problem is { } problem)
            body.Add(new { type = "TextBlock", text = DeployMessage.Cut(problem, DeployMessage.ProblemLimit), wrap = true, fontType = "Monospace" });
        var card = new Dictionary<string, object>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = news.RunUrl is { } run ? new object[] { new { type = "Action.OpenUrl", title = "The deploy job", url = run } } : [],
        };
        return new { type = "message", attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", content = card } } };
    }
}
