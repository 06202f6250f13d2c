using System.ComponentModel.DataAnnotations;

namespace Model.Serving;

/// <summary>The body of <c>POST /predict</c>: four measurements in centimetres, bound and validated by the framework.</summary>
public sealed record PredictRequest(
    [Required(ErrorMessage = PredictRequest.Missing), Range(0, 1000, ErrorMessage = PredictRequest.OutOfRange), Display(Name = "sepalLength")] float? SepalLength,
    [Required(ErrorMessage = PredictRequest.Missing), Range(0, 1000, ErrorMessage = PredictRequest.OutOfRange), Display(Name = "sepalWidth")] float? SepalWidth,
    [Required(ErrorMessage = PredictRequest.Missing), Range(0, 1000, ErrorMessage = PredictRequest.OutOfRange), Display(Name = "petalLength")] float? PetalLength,
    [Required(ErrorMessage = PredictRequest.Missing), Range(0, 1000, ErrorMessage = PredictRequest.OutOfRange), Display(Name = "petalWidth")] float? PetalWidth)
{
    /// <summary>A valid body, shown in every 400 answer.</summary>
    public const string Example = """{"sepalLength":5.1,"sepalWidth":3.5,"petalLength":1.4,"petalWidth":0.2}""";

    private const string Missing = "Missing field '{0}' (a number, in cm).";
    private const string OutOfRange = "Field '{0}' must be a non-negative number (cm) below {2}.";
}
