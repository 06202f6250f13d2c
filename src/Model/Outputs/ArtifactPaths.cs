namespace Model.Outputs;

/// <summary>Files training writes, relative to the artifacts directory.</summary>
public static class ArtifactPaths
{
    /// <summary>The model directory (what the serving image ships).</summary>
    public const string ModelDirectory = "model";

    /// <summary>The ML.NET model.</summary>
    public const string ModelFile = "model/model.zip";

    /// <summary>Test-split metrics.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>Metrics by number of epochs.</summary>
    public const string HistoryFile = "training-history.json";

    /// <summary>Test rows with true and predicted species and scores.</summary>
    public const string PredictionsFile = "predictions.csv";
}
