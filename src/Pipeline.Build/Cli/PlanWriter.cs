using System.Net;
using System.Text;
using Pipeline.Build.Graph;
using Pipeline.Build.IO;
using Pipeline.Build.Output;

namespace Pipeline.Build.Cli;

/// <summary><c>--plan</c>: the ordered plan as text, and as <c>.nuke/temp/execution-plan.html</c>. Runs nothing.</summary>
internal static class PlanWriter
{
    public const string HtmlPath = BuildLayout.TemporaryDirectory + "/execution-plan.html";

    public static void Write(BuildConsole console, string rootDirectory, IReadOnlyList<PlannedTarget> plan)
    {
        console.Info($"Plan ({plan.Count} targets, nothing runs with --plan):");
        for (var i = 0; i < plan.Count; i++)
        {
            var (target, skipped) = plan[i];
            console.Info($"  {i + 1}. {target.Name}{(skipped ? " (skipped by --skip)" : "")}{(target.IsCacheable ? " [cached]" : "")}{After(target)}");
        }

        AtomicFile.WriteAllText(Path.Combine(rootDirectory, HtmlPath), Html(plan));
        console.Info($"Wrote {HtmlPath}");
    }

    private static string After(ExecutableTarget target) =>
        target.Dependencies.Count == 0 ? "" : " after " + string.Join(", ", target.Dependencies.Select(d => d.Name));

    private static string Html(IReadOnlyList<PlannedTarget> plan)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Execution plan</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em .8em;text-align:left}.skipped{color:#888}</style>\n")
            .Append("</head><body>\n<h1>Execution plan</h1>\n<table>\n<tr><th>#</th><th>Target</th><th>Description</th><th>Depends on</th><th>Cache</th><th>Status</th></tr>\n");
        for (var i = 0; i < plan.Count; i++)
        {
            var (target, skipped) = plan[i];
            var cache = target.IsCacheable ? string.Join(", ", target.Definition.InputPaths) + " &rarr; " + string.Join(", ", target.Definition.OutputPaths.Select(Encode)) : "";
            html.Append($"<tr{(skipped ? " class=\"skipped\"" : "")}><td>{i + 1}</td><td>{Encode(target.Name)}</td><td>{Encode(target.Description)}</td>")
                .Append($"<td>{Encode(string.Join(", ", target.Dependencies.Select(d => d.Name)))}</td><td>{cache}</td><td>{(skipped ? "skipped" : "planned")}</td></tr>\n");
        }

        return html.Append("</table>\n</body></html>\n").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
