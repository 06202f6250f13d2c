namespace Model.Serving;

/// <summary>The body of <c>POST /predict</c>: four measurements in centimetres.</summary>
public sealed record PredictRequest(float SepalLength, float SepalWidth, float PetalLength, float PetalWidth);
