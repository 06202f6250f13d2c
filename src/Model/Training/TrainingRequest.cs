namespace Model.Training;

/// <summary>Where training reads from and writes to.</summary>
/// <param name="DataFile">The data set CSV.</param>
/// <param name="ParamsFile">The hyper-parameters YAML.</param>
/// <param name="ArtifactsDirectory">Receives model/, metrics.json, training-history.json and predictions.csv.</param>
public sealed record TrainingRequest(string DataFile, string ParamsFile, string ArtifactsDirectory);
