using System.Text;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>Rows of cells as aligned plain-text columns, indented two spaces: log lines that stay readable in CI logs and terminals alike.</summary>
internal static class PlainTable
{
    public static string Render(IReadOnlyList<string[]> lines)
    {
        var widths = Enumerable.Range(0, lines[0].Length).Select(column => lines.Max(line => line[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
            text.AppendLine("  " + string.Join("  ", line.Select((cell, column) => column == line.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        return text.ToString().TrimEnd();
    }
}
