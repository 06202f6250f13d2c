namespace Model.Training;

/// <summary>The content of <c>metrics.json</c>: test-split metrics of the final model.</summary>
public sealed record ModelMetrics(
    double Accuracy,
    double MacroAccuracy,
    double MacroF1,
    double LogLoss,
    double LogLossReduction,
    int TrainRows,
    int TestRows,
    IReadOnlyDictionary<string, ClassMetrics> Classes,
    ConfusionMatrix ConfusionMatrix);
