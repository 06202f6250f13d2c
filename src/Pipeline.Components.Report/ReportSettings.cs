using Pipeline.Build;

namespace Pipeline.Components.Report;

/// <summary>What Report compares and plots. Change it in <see cref="IReport.ConfigureReport"/>.</summary>
public sealed record ReportSettings
{
    /// <summary>Hyper-parameters (YAML), compared with the baseline branch's copy.</summary>
    public string ParamsFile { get; init; } = "params.yaml";

    /// <summary>Metrics (JSON), compared with the baseline branch's committed copy.</summary>
    public string MetricsFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/metrics.json";

    /// <summary>Path inside the metrics of the confusion matrix (<c>{labels, counts}</c>); left out of the metrics table.</summary>
    public string ConfusionMatrixPath { get; init; } = "confusionMatrix";

    /// <summary>Training history: a JSON array of points.</summary>
    public string HistoryFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/training-history.json";

    /// <summary>The history field plotted on the x axis.</summary>
    public string HistoryX { get; init; } = "iterations";

    /// <summary>Predictions (CSV with a header).</summary>
    public string PredictionsFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/predictions.csv";

    /// <summary>CSV columns holding the true and the predicted class.</summary>
    public (string True, string Predicted) PredictionColumns { get; init; } = ("label", "predicted");

    /// <summary>How many CSV columns and rows the preview shows.</summary>
    public (int Columns, int Rows) PreviewSize { get; init; } = (6, 12);

    /// <summary>Where report.md, report.html and the PNGs go.</summary>
    public string OutputDirectory { get; init; } = $"{BuildLayout.ArtifactsDirectory}/report";
}
