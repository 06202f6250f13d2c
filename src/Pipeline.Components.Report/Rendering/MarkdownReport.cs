using System.Text;
using Pipeline.Components.Comparison;

namespace Pipeline.Components.Report.Rendering;

/// <summary>report.md, which is also the body of the sticky pull/merge request comment.</summary>
internal static class MarkdownReport
{
    /// <summary>The Markdown; <paramref name="imageUrl"/> maps a PNG file name to where it is shown from (null leaves images out).</summary>
    public static string Render(ReportContent report, Func<string, string?> imageUrl)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine(ReportContent.Marker).AppendLine("## Model report").AppendLine();
        markdown.AppendLine(report.Baseline is null
            ? $"> No baseline: {report.BaselineProblem}. Showing this change's values only."
            : $"Compared with `{report.Baseline}`." + (report.HiddenUnchanged > 0 ? $" {report.HiddenUnchanged} unchanged values not shown." : ""));
        Table(markdown, "Metrics", "metric", report.Metrics, report.Baseline, withChange: true);
        Table(markdown, "Params", "param", report.Params, report.Baseline, withChange: false);
        if (report.Gate is { } gate)
        {
            markdown.AppendLine().AppendLine($"### Deploy gate: {gate.Environment}").AppendLine();
            markdown.AppendLine($"{(gate.Passes ? "✅" : "❌")} {gate.Headline}.").AppendLine();
            foreach (var (cells, index) in gate.Cells().Select((cells, index) => (cells, index)))
            {
                markdown.AppendLine("| " + string.Join(" | ", cells) + " |");
                if (index == 0)
                    markdown.AppendLine("|---|---:|---:|---|---|");
            }
        }

        var images = report.Images.Select(image => (image.Caption, Url: imageUrl(image.File))).Where(image => image.Url is not null).ToList();
        if (images.Count > 0)
        {
            markdown.AppendLine().AppendLine("### Plots").AppendLine();
            foreach (var (caption, url) in images)
                markdown.AppendLine($"![{caption}]({url})").AppendLine();
        }

        return markdown.ToString();
    }

    private static void Table(StringBuilder markdown, string title, string noun, IReadOnlyList<DiffRow> rows, string? baseline, bool withChange)
    {
        markdown.AppendLine().AppendLine($"### {title}").AppendLine();
        if (rows.Count == 0)
        {
            markdown.AppendLine($"No {noun} changed.");
            return;
        }

        if (baseline is null)
        {
            markdown.AppendLine($"| {noun} | value |").AppendLine("|---|---:|");
            foreach (var row in rows)
                markdown.AppendLine($"| `{row.Path}` | {ValueFormat.Value(row.Current)} |");
            return;
        }

        markdown.AppendLine($"| {noun} | {baseline} | this change |{(withChange ? " change |" : "")}")
            .AppendLine($"|---|---:|---:|{(withChange ? "---:|" : "")}");
        foreach (var row in rows)
            markdown.AppendLine($"| `{row.Path}` | {ValueFormat.Value(row.Baseline)} | {ValueFormat.Value(row.Current)} |{(withChange ? $" {ValueFormat.Change(row)} |" : "")}");
    }
}
