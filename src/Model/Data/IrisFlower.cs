namespace Model.Data;

/// <summary>One flower: four measurements in centimetres and, for training rows, the species.</summary>
public sealed class IrisFlower
{
    /// <summary>Sepal length (cm).</summary>
    public float SepalLength { get; set; }

    /// <summary>Sepal width (cm).</summary>
    public float SepalWidth { get; set; }

    /// <summary>Petal length (cm).</summary>
    public float PetalLength { get; set; }

    /// <summary>Petal width (cm).</summary>
    public float PetalWidth { get; set; }

    /// <summary>setosa, versicolor or virginica; empty when predicting.</summary>
    public string Species { get; set; } = "";
}
