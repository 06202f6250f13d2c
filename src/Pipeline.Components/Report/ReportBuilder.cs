using Pipeline.Build;
using System.Text.Json;
using Pipeline.Build.IO;
using Pipeline.Components.Report.Diff;
using Pipeline.Components.Report.Plots;
using Pipeline.Components.Report.Rendering;

namespace Pipeline.Components.Report;

/// <summary>Reads params, metrics and training outputs, compares them with the baseline branch and writes report.md, report.html and the PNGs.</summary>
internal static class ReportBuilder
{
    public const string HistoryImage = "training-history.png";
    public const string ConfusionImage = "confusion-matrix.png";
    public const string PredictionsImage = "predictions-preview.png";

    public static async Task<ReportContent> BuildAsync(AbsolutePath root, ReportSettings settings, string baseReference, bool includeUnchanged, CancellationToken cancellationToken)
    {
        var currentParams = FlatValues.FromYaml(await ReadAsync(root, settings.ParamsFile, cancellationToken), settings.ParamsFile);
        var metricsJson = await ReadAsync(root, settings.MetricsFile, cancellationToken);
        var currentMetrics = WithoutConfusionMatrix(FlatValues.FromJson(metricsJson, settings.MetricsFile), settings);

        var (baseParamsText, paramsProblem) = await GitBaseline.ReadAsync(root, baseReference, settings.ParamsFile, cancellationToken);
        var (baseMetricsText, metricsProblem) = await GitBaseline.ReadAsync(root, baseReference, settings.MetricsFile, cancellationToken);
        var hasBaseline = baseParamsText is not null && baseMetricsText is not null;
        var baseParams = hasBaseline ? FlatValues.FromYaml(baseParamsText!, $"{baseReference}:{settings.ParamsFile}") : null;
        var baseMetrics = hasBaseline ? WithoutConfusionMatrix(FlatValues.FromJson(baseMetricsText!, $"{baseReference}:{settings.MetricsFile}"), settings) : null;

        var allMetrics = ValueDiff.Compare(baseMetrics, currentMetrics, includeUnchanged: true);
        var allParams = ValueDiff.Compare(baseParams, currentParams, includeUnchanged: true);
        var metricRows = Shown(allMetrics, hasBaseline && !includeUnchanged);
        var paramRows = Shown(allParams, hasBaseline && !includeUnchanged);
        var hidden = allMetrics.Count + allParams.Count - metricRows.Count - paramRows.Count;

        var output = root / settings.OutputDirectory;
        Directory.CreateDirectory(output);
        var images = new List<(string File, string Caption)>();
        await PlotAsync(root, settings.HistoryFile, output, HistoryImage, "Training history", images,
            (text, png) => HistoryPlot.Save(text, settings.HistoryX, settings.HistoryFile, png), cancellationToken);
        SaveAtomically(output, ConfusionImage, png => PlotConfusionMatrix(metricsJson, settings, png));
        images.Add((ConfusionImage, "Confusion matrix"));
        await PlotAsync(root, settings.PredictionsFile, output, PredictionsImage, "Predictions preview", images,
            (text, png) => PlotPredictions(text, settings, png), cancellationToken);

        var report = new ReportContent(hasBaseline ? baseReference : null, paramsProblem ?? metricsProblem, metricRows, paramRows, hidden, images);
        AtomicFile.WriteAllText(Path.Combine(output, "report.md"), MarkdownReport.Render(report, file => file));
        AtomicFile.WriteAllText(Path.Combine(output, "report.html"), HtmlReport.Render(report, output));
        return report;
    }

    private static IReadOnlyList<DiffRow> Shown(IReadOnlyList<DiffRow> rows, bool changedOnly) =>
        changedOnly ? rows.Where(row => row.Kind != DiffKind.Unchanged).ToList() : rows;

    private static async Task PlotAsync(AbsolutePath root, string input, string output, string image, string caption, List<(string, string)> images, Action<string, string> plot, CancellationToken cancellationToken)
    {
        var text = await ReadAsync(root, input, cancellationToken);
        SaveAtomically(output, image, png => plot(text, png));
        images.Add((image, caption));
    }

    private static void SaveAtomically(string directory, string file, Action<string> save) =>
        AtomicFile.Write(Path.Combine(directory, file), temporary =>
        {
            // ScottPlot picks the format from the extension, so the temporary file must end in .png
            var png = temporary + ".png";
            save(png);
            File.Move(png, temporary, overwrite: true);
        });

    private static void PlotConfusionMatrix(string metricsJson, ReportSettings settings, string png)
    {
        using var document = JsonDocument.Parse(metricsJson);
        var node = settings.ConfusionMatrixPath.Split('.').Aggregate((JsonElement?)document.RootElement,
            (element, key) => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(key, out var child) ? child : null);
        if (node is not { } matrix || !matrix.TryGetProperty("labels", out var labels) || !matrix.TryGetProperty("counts", out var counts))
            throw new InvalidDataException($"{settings.MetricsFile}: no confusion matrix at '{settings.ConfusionMatrixPath}' (expected {{\"labels\": [...], \"counts\": [[...]]}}).");
        ConfusionMatrixPlot.Save(
            labels.EnumerateArray().Select(l => l.GetString() ?? "").ToList(),
            counts.EnumerateArray().Select(row => (IReadOnlyList<int>)row.EnumerateArray().Select(c => c.GetInt32()).ToList()).ToList(),
            png);
    }

    private static void PlotPredictions(string csv, ReportSettings settings, string png)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        var trueColumn = Array.IndexOf(header, settings.PredictionColumns.True);
        var predictedColumn = Array.IndexOf(header, settings.PredictionColumns.Predicted);
        if (trueColumn < 0 || predictedColumn < 0)
            throw new InvalidDataException($"{settings.PredictionsFile}: the header needs columns '{settings.PredictionColumns.True}' and '{settings.PredictionColumns.Predicted}'.");
        var shown = Enumerable.Range(0, header.Length).Take(settings.PreviewSize.Columns).Union([trueColumn, predictedColumn]).Order().ToList();
        var rows = lines.Skip(1).Select(line => line.Split(',')).Where(cells => cells.Length == header.Length)
            .OrderBy(cells => cells[trueColumn] == cells[predictedColumn]) // wrong predictions first: they are what a reviewer looks for
            .Take(settings.PreviewSize.Rows)
            .Select(cells => (IReadOnlyList<string>)shown.Select(i => cells[i]).ToList()).ToList();
        PredictionsPreviewPlot.Save(shown.Select(i => header[i]).ToList(), rows, shown.IndexOf(trueColumn), shown.IndexOf(predictedColumn), png);
    }

    private static SortedDictionary<string, string> WithoutConfusionMatrix(SortedDictionary<string, string> metrics, ReportSettings settings) =>
        new(metrics.Where(pair => !pair.Key.StartsWith(settings.ConfusionMatrixPath, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);

    private static async Task<string> ReadAsync(AbsolutePath root, string relativePath, CancellationToken cancellationToken)
    {
        var path = root / relativePath;
        return File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken)
            : throw new FileNotFoundException($"{relativePath} is missing: run ./build.sh Train first (Report reads what Train writes).", path);
    }
}
