using System.Text.Json;

namespace Pipeline.Components.Report.Plots;

/// <summary>Training history: every numeric series of a JSON array of points against its x field (epochs, iterations).</summary>
internal static class HistoryPlot
{
    public static void Save(string historyJson, string xField, string source, string pngPath)
    {
        using var document = JsonDocument.Parse(historyJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            throw new InvalidDataException($"{source}: expected a non-empty JSON array of points like [{{\"{xField}\": 1, \"testLogLoss\": 0.5}}].");
        var points = document.RootElement.EnumerateArray().ToList();
        if (!points[0].TryGetProperty(xField, out _))
            throw new InvalidDataException($"{source}: the points have no '{xField}' field to plot against.");

        var plot = new ScottPlot.Plot();
        var xs = points.Select(p => p.GetProperty(xField).GetDouble()).ToArray();
        foreach (var series in points[0].EnumerateObject().Where(p => p.Name != xField && p.Value.ValueKind == JsonValueKind.Number))
        {
            var ys = points.Select(p => p.GetProperty(series.Name).GetDouble()).ToArray();
            plot.Add.Scatter(xs, ys).LegendText = series.Name;
        }

        plot.Title("Training history");
        plot.XLabel(xField);
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        plot.SavePng(pngPath, PlotSize.Width, PlotSize.Height);
    }
}
