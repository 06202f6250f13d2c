using Pipeline.Build;
using System.Text.Json;
using Pipeline.Build.IO;
using Pipeline.Components.Comparison;
using Pipeline.Components.Report.Plots;
using Pipeline.Components.Report.Rendering;

namespace Pipeline.Components.Report;

/// <summary>Reads params, metrics and training outputs, compares them with the baseline branch and writes report.md, report.html and the PNGs.</summary>
internal static class ReportBuilder
{
    public const string HistoryImage = "training-history.png";
    public const string ConfusionImage = "confusion-matrix.png";
    public const string PredictionsImage = "predictions-preview.png";

    public static async Task<ReportContent> BuildAsync(
        AbsolutePath root, ReportSettings settings, string baseReference, bool includeUnchanged, CancellationToken cancellationToken, Components.Deploy.Gating.GatePreview? gate = null)
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
        var leftOut = new List<string>();
        await PlotAsync(root, settings.HistoryFile, output, HistoryImage, "Training history", images, leftOut,
            (text, png) => HistoryPlot.Save(text, settings.HistoryX, settings.HistoryFile, png), cancellationToken);
        if (ConfusionMatrix(metricsJson, settings) is { } matrix)
        {
            SaveAtomically(output, ConfusionImage, png => PlotConfusionMatrix(matrix, settings, png));
            images.Add((ConfusionImage, "Confusion matrix"));
        }
        else
        {
            leftOut.Add($"confusion matrix ({settings.MetricsFile} has no '{settings.ConfusionMatrixPath}' object)");
        }

        await PlotAsync(root, settings.PredictionsFile, output, PredictionsImage, "Predictions preview", images, leftOut,
            (text, png) => PlotPredictions(text, settings, png), cancellationToken);
        foreach (var stale in new[] { HistoryImage, ConfusionImage, PredictionsImage }.Where(image => images.All(shown => shown.File != image)))
            File.Delete(Path.Combine(output, stale)); // a plot of an earlier run must not pass for this one's

        var report = new ReportContent(hasBaseline ? baseReference : null, paramsProblem ?? metricsProblem, metricRows, paramRows, hidden, images) { LeftOut = leftOut, Gate = gate };
        AtomicFile.WriteAllText(Path.Combine(output, "report.md"), MarkdownReport.Render(report, file => file));
        AtomicFile.WriteAllText(Path.Combine(output, "report.html"), HtmlReport.Render(report, output));
        return report;
    }

    private static IReadOnlyList<DiffRow> Shown(IReadOnlyList<DiffRow> rows, bool changedOnly) =>
        changedOnly ? rows.Where(row => row.Kind != DiffKind.Unchanged).ToList() : rows;

    /// <summary>Plots an optional training output; an absent one leaves its plot out (a malformed one is an error).</summary>
    private static async Task PlotAsync(AbsolutePath root, string input, string output, string image, string caption, List<(string, string)> images, List<string> leftOut, Action<string, string> plot, CancellationToken cancellationToken)
    {
        if (!File.Exists(root / input))
        {
            leftOut.Add($"{caption.ToLowerInvariant()} ({input} is absent)");
            return;
        }

        var text = await File.ReadAllTextAsync(root / input, cancellationToken);
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

    /// <summary>The confusion matrix object in the metrics, or null when the metrics have none.</summary>
    private static JsonElement? ConfusionMatrix(string metricsJson, ReportSettings settings)
    {
        using var document = JsonDocument.Parse(metricsJson);
        var node = settings.ConfusionMatrixPath.Split('.').Aggregate((JsonElement?)document.RootElement,
            (element, key) => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(key, out var child) ? child : null);
        return node?.Clone();
    }

    private static void PlotConfusionMatrix(JsonElement matrix, ReportSettings settings, string png)
    {
        if (!matrix.TryGetProperty("labels", out var labels) || !matrix.TryGetProperty("counts", out var counts))
            throw new InvalidDataException($"{settings.MetricsFile}: the confusion matrix at '{settings.ConfusionMatrixPath}' needs {{\"labels\": [...], \"counts\": [[...]]}}.");
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
            : throw new FileNotFoundException($"{relativePath} is missing, though Report runs after Train: make the training write it (its format is in the README's \"Contracts\"), or point ReportSettings at the file it writes.", path);
    }
}
