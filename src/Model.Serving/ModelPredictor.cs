using System.Text.Json;
using Microsoft.ML;
using Model.Data;
using Model.Outputs;

namespace Model.Serving;

/// <summary>The loaded model. ML.NET's prediction engine is not thread-safe, so calls are serialised; iris predictions take microseconds.</summary>
public sealed class ModelPredictor
{
    private readonly PredictionEngine<IrisFlower, IrisPrediction> engine;
    private readonly IReadOnlyList<string> labels;
    private readonly Lock gate = new();

    private ModelPredictor(PredictionEngine<IrisFlower, IrisPrediction> engine, IReadOnlyList<string> labels)
    {
        this.engine = engine;
        this.labels = labels;
    }

    /// <summary>Loads <c>model.zip</c> and <c>labels.json</c> from a model directory; the error names the directory and the fix.</summary>
    public static ModelPredictor Load(string modelDirectory)
    {
        var modelFile = Path.Combine(modelDirectory, Path.GetFileName(ArtifactPaths.ModelFile));
        var labelsFile = Path.Combine(modelDirectory, Path.GetFileName(ArtifactPaths.LabelsFile));
        if (!File.Exists(modelFile) || !File.Exists(labelsFile))
            throw new FileNotFoundException($"No trained model in '{modelDirectory}' (model.zip and labels.json). Run './build.sh Train', or set Model__Directory to the model directory.");
        var context = new MLContext();
        var model = context.Model.Load(modelFile, out _);
        var labels = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(labelsFile)) ?? [];
        return new ModelPredictor(context.Model.CreatePredictionEngine<IrisFlower, IrisPrediction>(model), labels);
    }

    /// <summary>Predicts the species of one flower.</summary>
    public PredictResponse Predict(PredictRequest request)
    {
        IrisPrediction prediction;
        lock (gate)
        {
            prediction = engine.Predict(new IrisFlower
            {
                SepalLength = request.SepalLength,
                SepalWidth = request.SepalWidth,
                PetalLength = request.PetalLength,
                PetalWidth = request.PetalWidth,
            });
        }

        var probabilities = labels.Zip(prediction.Score).ToDictionary(pair => pair.First, pair => pair.Second);
        return new PredictResponse(prediction.PredictedSpecies, probabilities);
    }
}
