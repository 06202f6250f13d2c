namespace Model.Serving;

/// <summary>The answer of <c>POST /predict</c>: the species and the probability of each class.</summary>
public sealed record PredictResponse(string Species, IReadOnlyDictionary<string, float> Probabilities);
