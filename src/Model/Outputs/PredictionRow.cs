using Model.Data;

namespace Model.Outputs;

/// <summary>A test-split row with its prediction, as written to <c>predictions.csv</c>.</summary>
internal sealed class PredictionRow
{
    public float SepalLength { get; set; }
    public float SepalWidth { get; set; }
    public float PetalLength { get; set; }
    public float PetalWidth { get; set; }
    public string Species { get; set; } = "";

    [Microsoft.ML.Data.ColumnName(IrisColumns.PredictedSpecies)]
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
