namespace Pipeline.Components.Report.Plots;

/// <summary>Confusion matrix: a cell per (actual, predicted) with its count, shaded by the share of the actual class.</summary>
internal static class ConfusionMatrixPlot
{
    public static void Save(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> counts, string pngPath)
    {
        var plot = new ScottPlot.Plot();
        var n = labels.Count;
        for (var actual = 0; actual < n; actual++)
        {
            var rowTotal = Math.Max(1, counts[actual].Sum());
            for (var predicted = 0; predicted < n; predicted++)
            {
                var share = (double)counts[actual][predicted] / rowTotal;
                var y = n - 1 - actual;
                var cell = plot.Add.Rectangle(predicted - 0.5, predicted + 0.5, y - 0.5, y + 0.5);
                cell.FillColor = ScottPlot.Color.FromColor(System.Drawing.Color.FromArgb(255, (int)(255 - 200 * share), (int)(255 - 120 * share), 255));
                cell.LineColor = ScottPlot.Colors.White;
                var text = plot.Add.Text(counts[actual][predicted].ToString(System.Globalization.CultureInfo.InvariantCulture), predicted, y);
                text.LabelFontSize = 22;
                text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        plot.Axes.Left.SetTicks(positions, labels.Reverse().ToArray());
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title("Confusion matrix (test split)");
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.SavePng(pngPath, PlotSize.Width, PlotSize.Height);
    }
}
