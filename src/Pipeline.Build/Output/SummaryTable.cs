using System.Text;
using Pipeline.Build.Execution;
using Spectre.Console;

namespace Pipeline.Build.Output;

/// <summary>The end-of-run table: target, outcome, duration, note; then the total.</summary>
internal static class SummaryTable
{
    public static void Write(BuildConsole console, IReadOnlyList<TargetResult> results, TimeSpan total)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Target", "Outcome", "Duration", "Note");
        var plain = new StringBuilder();
        foreach (var result in results)
        {
            var note = console.Masked(result.Note);
            table.AddRow(Markup.Escape(result.Name), $"[{Colour(result.Outcome)}]{Label(result.Outcome)}[/]", Format(result.Duration, result.Outcome), Markup.Escape(note));
            plain.AppendLine(PlainRow(result, note));
        }

        var verdict = Verdict(results, total);
        table.Caption(verdict);
        plain.AppendLine(verdict);
        console.Render(table, plain.ToString());
    }

    /// <summary>A row as the log (and a run answered from its up-to-date record) writes it.</summary>
    public static string PlainRow(TargetResult result, string maskedNote) =>
        $"{result.Name,-20} {Label(result.Outcome),-12} {Format(result.Duration, result.Outcome),8}  {maskedNote}";

    public static string Verdict(IReadOnlyList<TargetResult> results, TimeSpan total)
    {
        var failed = results.Where(r => r.Outcome is TargetOutcome.Failed or TargetOutcome.Cancelled).Select(r => r.Name).ToList();
        return failed.Count == 0
            ? $"Build succeeded in {Format(total, TargetOutcome.Succeeded)}"
            : $"Build {(results.Any(r => r.Outcome == TargetOutcome.Cancelled) ? "cancelled" : "failed")} in {Format(total, TargetOutcome.Failed)}: {string.Join(", ", failed)}";
    }

    public static string Label(TargetOutcome outcome) => outcome switch
    {
        TargetOutcome.Succeeded => "succeeded",
        TargetOutcome.UpToDate => "up to date",
        TargetOutcome.Skipped => "skipped",
        TargetOutcome.Failed => "failed",
        TargetOutcome.Cancelled => "cancelled",
        _ => "not run",
    };

    private static string Colour(TargetOutcome outcome) => outcome switch
    {
        TargetOutcome.Succeeded => "green",
        TargetOutcome.UpToDate => "blue",
        TargetOutcome.Failed or TargetOutcome.Cancelled => "red",
        _ => "grey",
    };

    private static string Format(TimeSpan duration, TargetOutcome outcome) =>
        outcome is TargetOutcome.NotRun or TargetOutcome.Skipped ? "" :
        duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.00} s" : $"{(int)duration.TotalMinutes} min {duration.Seconds} s";
}
