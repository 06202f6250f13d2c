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
            blocks.Add(new { type = "section", text = Markdown($"```{EscapedWithin(problem, SectionTextLimit - 6)}```") });
        if (news.RunUrl is { } run)
            blocks.Add(new { type = "context", elements = new[] { Markdown($"<{run}|The deploy job>") } });
        return new { text = headline, blocks };
    }

    private static object Markdown(string text) => new { type = "mrkdwn", text };

    /// <summary>Block Kit refuses a section whose text is longer than this (the whole message then fails).</summary>
    internal const int SectionTextLimit = 3_000;

    /// <summary>
    /// The text escaped for mrkdwn and then cut to <paramref name="limit"/> characters: cutting first and escaping after can
    /// grow past Block Kit's limit (each &amp; becomes five characters), and an entity is never cut in half.
    /// </summary>
    internal static string EscapedWithin(string text, int limit)
    {
        var visible = DeployMessage.Cut(text, DeployMessage.ProblemLimit);
        var escaped = new System.Text.StringBuilder();
        foreach (var c in visible)
        {
            var piece = Escape(c.ToString());
            if (escaped.Length + piece.Length > limit - 1)
                return escaped.Append('…').ToString();
            escaped.Append(piece);
        }

        return escaped.ToString();
    }

    // Slack's mrkdwn reserves only these three (https://api.slack.com/reference/surfaces/formatting#escaping)
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
