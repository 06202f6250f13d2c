namespace Pipeline.Components.Train;

/// <summary>What Train reads and writes, and how it runs. Change it in <see cref="ITrain.ConfigureTrain"/>.</summary>
public sealed record TrainSettings
{
    /// <summary>The data set directory.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The hyper-parameters file.</summary>
    public string ParamsFile { get; init; } = "params.yaml";

    /// <summary>Where training writes its outputs.</summary>
    public string ArtifactsDirectory { get; init; } = "artifacts";

    /// <summary>Extra inputs beside the data and params (training sources, for example).</summary>
    public IReadOnlyList<string> ExtraInputs { get; init; } = [];

    /// <summary>Parameters (member names) whose values count as cache inputs.</summary>
    public IReadOnlyList<string> InputParameters { get; init; } = [];

    /// <summary>Outputs, relative to the root: the model directory, metrics, history and predictions.</summary>
    public IReadOnlyList<string> Outputs { get; init; } =
        ["artifacts/model", "artifacts/metrics.json", "artifacts/training-history.json", "artifacts/predictions.csv"];

    /// <summary>A command to train with (program first), for models trained outside .NET; unused when TrainAsync is overridden.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Every input of the stage cache.</summary>
    public IReadOnlyList<string> Inputs => [DataDirectory, ParamsFile, .. ExtraInputs];
}
