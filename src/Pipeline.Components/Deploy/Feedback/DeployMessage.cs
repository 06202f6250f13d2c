using Pipeline.Components.Comparison;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>The content every message about a deploy shares (chat, pull request reply): icon, headline, facts.</summary>
internal static class DeployMessage
{
    /// <summary>Longest problem text a message carries (a rollout diagnosis can run to pages of events).</summary>
    public const int ProblemLimit = 1_500;

    public static string Icon(DeployState state) => state switch
    {
        DeployState.Deployed => "✅",
        DeployState.Unchanged => "➖",
        DeployState.RolledBack => "↩️",
        DeployState.InProgress => "⏳",
        _ => "❌",
    };

    /// <summary>Title and value pairs, in the order they are shown.</summary>
    public static IReadOnlyList<(string Title, string Value)> Facts(DeployNews news)
    {
        var facts = new List<(string, string)> { ("Environment", news.Environment), ("Model version", news.ModelVersion), ("Image", news.Image) };
        if (news.EndpointUrl is { } endpoint)
            facts.Add(("Endpoint", endpoint));
        if (news.Metrics.Count > 0)
            facts.Add(("Metrics", string.Join(", ", news.Metrics.Select(Metric))));
        if (news.AcceptedWorse is { } reason)
            facts.Add(("Accepted worse", Cut(reason, ProblemLimit)));
        if (news.Problem is { } problem)
            facts.Add(("Why", Cut(problem, ProblemLimit)));
        return facts;
    }

    /// <summary>"accuracy 0.95 (+0.02 (+2.1%))", or the value alone when there is nothing to compare with.</summary>
    public static string Metric(DiffRow row) =>
        ValueFormat.Change(row) is { Length: > 0 } change && row.Baseline is not null ? $"{row.Path} {row.Current} ({change})" : $"{row.Path} {ValueFormat.Value(row.Current)}";

    /// <summary>The reply on the merged pull/merge request, carrying <paramref name="marker"/> so a re-run updates it.</summary>
    public static string Markdown(DeployNews news, string marker)
    {
        var lines = new List<string> { marker, $"### {Icon(news.State)} {news.Headline}", "" };
        lines.AddRange(Facts(news).Select(fact => fact.Title == "Why" ? $"- **Why:**\n\n  ```\n  {fact.Value.Replace("\n", "\n  ", StringComparison.Ordinal)}\n  ```" : $"- **{fact.Title}:** {Code(fact)}"));
        if (news.RunUrl is { } run)
            lines.Add($"\n[The deploy job]({run})");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Text cut to <paramref name="limit"/> characters, saying so.</summary>
    public static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private static string Code((string Title, string Value) fact) => fact.Title is "Image" or "Model version" ? $"`{fact.Value}`" : fact.Value;
}
