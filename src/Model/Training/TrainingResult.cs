namespace Model.Training;

/// <summary>What a training run produced, beside the files it wrote.</summary>
public sealed record TrainingResult(ModelMetrics Metrics, IReadOnlyList<HistoryPoint> History, IReadOnlyList<string> Labels);
