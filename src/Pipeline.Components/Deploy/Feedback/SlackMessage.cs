namespace Pipeline.Components.Deploy.Feedback;

/// <summary>A Slack incoming-webhook message: <c>text</c> (notification fallback) and Block Kit blocks.</summary>
internal sealed class SlackMessage : IWebhookFormat
{
    /// <inheritdoc />
    public string Service => "Slack";

    /// <inheritdoc />
    public object Payload(DeployNews news)
    {
        var headline = $"{DeployMessage.Icon(news.State)} {news.Headline}";
        var blocks = new List<object>
        {
            new { type = "section", text = Markdown($"*{Escape(headline)}*") },
            new { type = "section", fields = DeployMessage.Facts(news).Where(f => f.Title != "Why").Select(f => Markdown($"*{f.Title}*\n{Escape(f.Value)}")).ToArray() },
        };
        if (news.Problem is { } problem)
            blocks.Add(new { type = "section", text = Markdown($"```{Escape(DeployMessage.Cut(problem, DeployMessage.ProblemLimit))}```") });
        if (news.RunUrl is { } run)
            blocks.Add(new { type = "context", elements = new[] { Markdown($"<{run}|The deploy job>") } });
        return new { text = headline, blocks };
    }

    private static object Markdown(string text) => new { type = "mrkdwn", text };

    // Slack's mrkdwn reserves only these three (https://api.slack.com/reference/surfaces/formatting#escaping)
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
