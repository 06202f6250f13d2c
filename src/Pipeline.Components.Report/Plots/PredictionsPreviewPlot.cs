namespace Pipeline.Components.Report.Plots;

/// <summary>Predictions preview: the first rows of the predictions CSV as a table image, wrong predictions in red.</summary>
internal static class PredictionsPreviewPlot
{
    public static void Save(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, int trueColumn, int predictedColumn, string pngPath)
    {
        var plot = new ScottPlot.Plot();
        var columns = header.Count;
        void Cell(string value, int column, int row, ScottPlot.Color colour, bool bold)
        {
            var text = plot.Add.Text(value, column, -row);
            text.LabelFontSize = 14;
            text.LabelBold = bold;
            text.LabelFontColor = colour;
            text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
        }

        for (var column = 0; column < columns; column++)
            Cell(header[column], column, 0, ScottPlot.Colors.Black, bold: true);
        for (var row = 0; row < rows.Count; row++)
        {
            var wrong = rows[row][trueColumn] != rows[row][predictedColumn];
            for (var column = 0; column < columns; column++)
                Cell(rows[row][column], column, row + 1, wrong ? ScottPlot.Colors.Red : ScottPlot.Colors.Black, bold: false);
        }

        plot.Axes.SetLimits(-0.6, columns - 0.4, -rows.Count - 0.6, 0.6);
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.SavePng(pngPath, PlotSize.Width, PlotSize.Height);
    }
}
