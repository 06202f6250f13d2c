using Microsoft.ML.Data;

namespace Model.Data;

/// <summary>The model's answer for one flower: the predicted species and a probability per class.</summary>
public sealed class IrisPrediction
{
    /// <summary>The most likely species.</summary>
    [ColumnName(IrisColumns.PredictedSpecies)]
    public string PredictedSpecies { get; set; } = "";

    /// <summary>Probabilities in the order of the model's classes (the slot names of this column).</summary>
    public float[] Score { get; set; } = [];
}
