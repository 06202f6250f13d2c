using System.Net;
using System.Text;
using Pipeline.Components.Comparison;

namespace Pipeline.Components.Report.Rendering;

/// <summary>report.html: the same content as one self-contained file (styles inline, images as data URIs).</summary>
internal static class HtmlReport
{
    /// <summary>The HTML page; images are read from <paramref name="reportDirectory"/>.</summary>
    public static string Render(ReportContent report, string reportDirectory)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model report</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .7em}td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%;border:1px solid #eee}.note{color:#555}</style>\n")
            .Append("</head><body>\n<h1>Model report</h1>\n");
        html.Append("<p class=\"note\">").Append(Encode(report.Baseline is null
            ? $"No baseline: {report.BaselineProblem}. Showing this change's values only."
            : $"Compared with {report.Baseline}." + (report.HiddenUnchanged > 0 ? $" {report.HiddenUnchanged} unchanged values not shown." : ""))).Append("</p>\n");
        Table(html, "Metrics", report.Metrics, report.Baseline);
        Table(html, "Params", report.Params, report.Baseline);
        if (report.Gate is { } gate)
        {
            html.Append($"<h2>Deploy gate: {Encode(gate.Environment)}</h2>\n<p>{Encode(gate.Headline)}.</p>\n<table>");
            foreach (var (cells, index) in gate.Cells().Select((cells, index) => (cells, index)))
                html.Append("<tr>").Append(string.Concat(cells.Select(cell => index == 0 ? $"<th>{Encode(cell)}</th>" : $"<td>{Encode(cell)}</td>"))).Append("</tr>\n");
            html.Append("</table>\n");
        }

        html.Append("<h2>Plots</h2>\n");
        foreach (var (file, caption) in report.Images)
        {
            var data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(reportDirectory, file)));
            html.Append($"<figure><img alt=\"{Encode(caption)}\" src=\"data:image/png;base64,{data}\"><figcaption>{Encode(caption)}</figcaption></figure>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Table(StringBuilder html, string title, IReadOnlyList<DiffRow> rows, string? baseline)
    {
        html.Append($"<h2>{title}</h2>\n");
        if (rows.Count == 0)
        {
            html.Append("<p>Nothing changed.</p>\n");
            return;
        }

        html.Append(baseline is null ? "<table><tr><th>name</th><th>value</th></tr>\n" : $"<table><tr><th>name</th><th>{Encode(baseline)}</th><th>this change</th><th>change</th></tr>\n");
        foreach (var row in rows)
        {
            html.Append($"<tr><td><code>{Encode(row.Path)}</code></td>");
            if (baseline is not null)
                html.Append($"<td class=\"n\">{Encode(ValueFormat.Value(row.Baseline))}</td>");
            html.Append($"<td class=\"n\">{Encode(ValueFormat.Value(row.Current))}</td>");
            if (baseline is not null)
                html.Append($"<td class=\"n\">{Encode(ValueFormat.Change(row))}</td>");
            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
