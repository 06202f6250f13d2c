namespace Model.Training;

/// <summary>Per-class precision, recall and F1 on the test split, with row counts.</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int TestCount, int TrainCount);
