using System.Xml.Linq;

namespace Pipeline.Components.Test;

/// <summary>Totals over TRX result files, printed as the plain line CI reads: <c>N passed, N failed[, N skipped]</c>.</summary>
internal sealed record TestSummary(int Passed, int Failed, int Skipped)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Adds up the counters of every <c>*.trx</c> file under the directory.</summary>
    public static TestSummary FromTrxDirectory(string directory)
    {
        var summary = new TestSummary(0, 0, 0);
        if (!Directory.Exists(directory))
            return summary;
        foreach (var file in Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(file).Descendants(Trx + "Counters").FirstOrDefault();
            if (counters is null)
                continue;
            int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var value) ? value : 0;
            var total = Count("total");
            var failed = Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            summary = new TestSummary(summary.Passed + Count("passed"), summary.Failed + failed, summary.Skipped + Math.Max(0, total - Count("passed") - failed));
        }

        return summary;
    }

    /// <summary>The plain closing line.</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
