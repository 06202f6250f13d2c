namespace Model.Data;

/// <summary>Column names of the data set file and of the ML.NET pipeline.</summary>
public static class IrisColumns
{
    /// <summary>The header the data file must have, in this order.</summary>
    public static readonly string[] FileHeader = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"];

    /// <summary>The key-typed label the trainer learns.</summary>
    public const string Label = "Label";

    /// <summary>The concatenated, normalised feature vector.</summary>
    public const string Features = "Features";

    /// <summary>The predicted species as text.</summary>
    public const string PredictedSpecies = "PredictedSpecies";
}
