namespace Model.Training;

/// <summary>Metrics of a model trained for a given number of SDCA epochs: one point of the training history.</summary>
public sealed record HistoryPoint(int Iterations, double TrainLogLoss, double TestLogLoss, double TrainAccuracy, double TestAccuracy);
