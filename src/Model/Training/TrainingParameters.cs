namespace Model.Training;

/// <summary>The hyper-parameters under <c>train:</c> in <c>params.yaml</c>.</summary>
public sealed record TrainingParameters
{
    /// <summary>Seed of the split and the trainer; the same seed gives the same model and metrics.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of rows held out for evaluation, between 0 and 1.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>SDCA epochs of the final model.</summary>
    public int MaxIterations { get; init; } = 30;

    /// <summary>L2 regularisation of the SDCA maximum-entropy trainer.</summary>
    public float L2Regularization { get; init; } = 0.001f;

    /// <summary>How many points of the training history (metrics by number of epochs) to record.</summary>
    public int HistoryPoints { get; init; } = 10;
}
