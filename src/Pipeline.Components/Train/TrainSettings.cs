using Pipeline.Build;

namespace Pipeline.Components.Train;

/// <summary>What Train reads and writes, and how it runs. Change it in <see cref="ITrain.ConfigureTrain"/>.</summary>
public sealed record TrainSettings
{
    /// <summary>The data set directory (its files are tracked in <c>pipeline.lock</c> by Restore).</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The hyper-parameters file.</summary>
    public string ParamsFile { get; init; } = "params.yaml";

    /// <summary>Where training writes its outputs.</summary>
    public string ArtifactsDirectory { get; init; } = BuildLayout.ArtifactsDirectory;

    /// <summary>The trained model (a directory); Containerize copies it into its own image layer.</summary>
    public string ModelDirectory { get; init; } = $"{BuildLayout.ArtifactsDirectory}/model";

    /// <summary>Metrics (JSON); Report compares them with the baseline branch.</summary>
    public string MetricsFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/metrics.json";

    /// <summary>Training history (a JSON array of points); Report plots it.</summary>
    public string HistoryFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/training-history.json";

    /// <summary>Predictions on the test rows (CSV with a header); Report previews them.</summary>
    public string PredictionsFile { get; init; } = $"{BuildLayout.ArtifactsDirectory}/predictions.csv";

    /// <summary>Extra inputs beside the data and params (training sources, for example).</summary>
    public IReadOnlyList<string> ExtraInputs { get; init; } = [];

    /// <summary>Every output, relative to the root; by default the model, metrics, history and predictions.</summary>
    public IReadOnlyList<string> Outputs { get; init; } =
        [$"{BuildLayout.ArtifactsDirectory}/model", $"{BuildLayout.ArtifactsDirectory}/metrics.json", $"{BuildLayout.ArtifactsDirectory}/training-history.json", $"{BuildLayout.ArtifactsDirectory}/predictions.csv"];

    /// <summary>A command to train with (program first), for models trained outside .NET; unused when TrainAsync is overridden.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Every input of the stage cache.</summary>
    public IReadOnlyList<string> Inputs => [DataDirectory, .. (Params.Count == 0 ? new[] { ParamsFile } : []), .. ExtraInputs, .. CommandScripts.Except(ExtraInputs, StringComparer.Ordinal)];

    /// <summary>
    /// The keys of <see cref="ParamsFile"/> Train depends on, as DVC's <c>params:</c> (dotted paths such as
    /// <c>train.seed</c>; a section stands for every value under it). Empty: the whole file is an input.
    /// </summary>
    public IReadOnlyList<string> Params { get; init; } = [];

    /// <summary>The values of <see cref="Params"/> in the params file, keyed <c>file:path</c>; a key it lacks is an error naming it.</summary>
    public IReadOnlyDictionary<string, string> ParamValues(string rootDirectory)
    {
        if (Params.Count == 0)
            return new Dictionary<string, string>();
        var path = Path.Combine(rootDirectory, ParamsFile);
        if (!File.Exists(path))
            throw new TargetFailedException($"{ParamsFile} does not exist (TrainSettings.ParamsFile), and TrainSettings.Params reads {string.Join(", ", Params)} from it: point ParamsFile at your parameters file in ConfigureTrain.");
        SortedDictionary<string, string> values;
        try
        {
            values = Comparison.FlatValues.FromYaml(File.ReadAllText(path), ParamsFile);
        }
        catch (InvalidDataException exception)
        {
            throw new TargetFailedException(exception.Message);
        }

        var selected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Params)
        {
            var matches = values.Where(pair => pair.Key == key || pair.Key.StartsWith(key + ".", StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
                throw new TargetFailedException($"{ParamsFile} has no '{key}', which TrainSettings.Params names. Add it to {ParamsFile}, or remove it from Params.");
            foreach (var (name, value) in matches)
                selected[$"{ParamsFile}:{name}"] = value;
        }

        return selected;
    }

    /// <summary>
    /// The scripts <see cref="Command"/> runs (<c>train.py</c> in <c>python3 train.py</c>, <c>./train.sh</c>), so that
    /// editing the training code re-runs Train without declaring it; code they import goes in <see cref="ExtraInputs"/>.
    /// </summary>
    public IReadOnlyList<string> CommandScripts =>
    [
        .. Command.Where((argument, index) => !argument.StartsWith('-') && !Path.IsPathRooted(argument)
            && (ScriptExtensions.Contains(Path.GetExtension(argument)) || (index == 0 && argument.StartsWith("./", StringComparison.Ordinal))))
            .Select(argument => argument.StartsWith("./", StringComparison.Ordinal) ? argument[2..] : argument)
            .Distinct(StringComparer.Ordinal),
    ];

    private static readonly HashSet<string> ScriptExtensions = new(StringComparer.OrdinalIgnoreCase) { ".py", ".r", ".jl", ".sh", ".js", ".mjs", ".ts", ".rb", ".ipynb", ".csx", ".fsx" };
}
