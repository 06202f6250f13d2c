using Microsoft.ML;
using Microsoft.ML.Data;
using Model.Data;
using Model.Outputs;

namespace Model.Serving;

/// <summary>The loaded model. ML.NET's prediction engine is not thread-safe, so calls are serialised; iris predictions take microseconds.</summary>
public sealed class ModelPredictor
{
    private readonly PredictionEngine<IrisFlower, IrisPrediction> engine;
    private readonly Lock gate = new();

    private ModelPredictor(PredictionEngine<IrisFlower, IrisPrediction> engine, IReadOnlyList<string> labels)
    {
        this.engine = engine;
        Labels = labels;
    }

    /// <summary>The classes, in the order of the model's scores (the slot names of its Score column).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Loads <c>model.zip</c> from a model directory; the error names the directory and the fix.</summary>
    public static ModelPredictor Load(string modelDirectory)
    {
        var modelFile = Path.Combine(modelDirectory, Path.GetFileName(ArtifactPaths.ModelFile));
        if (!File.Exists(modelFile))
            throw new FileNotFoundException($"No trained model in '{modelDirectory}' (model.zip). Run './build.sh Train', or set Model__Directory to the model directory.");
        var context = new MLContext();
        var model = context.Model.Load(modelFile, out var inputSchema);
        var engine = context.Model.CreatePredictionEngine<IrisFlower, IrisPrediction>(model);
        return new ModelPredictor(engine, SlotNames(model.GetOutputSchema(inputSchema), modelFile));
    }

    private static List<string> SlotNames(DataViewSchema schema, string modelFile)
    {
        var score = schema.GetColumnOrNull(nameof(IrisPrediction.Score))
            ?? throw new InvalidDataException($"{modelFile} has no Score column: it is not a multiclass model of this service.");
        var column = score;
        if (!column.HasSlotNames())
            throw new InvalidDataException($"{modelFile} does not name its classes (no slot names on Score): train it again with ./build.sh Train --force.");
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(name => name.ToString()).ToList();
    }

    /// <summary>Predicts the species of one flower.</summary>
    public PredictResponse Predict(PredictRequest request)
    {
        IrisPrediction prediction;
        lock (gate)
        {
            prediction = engine.Predict(new IrisFlower
            {
                SepalLength = request.SepalLength.GetValueOrDefault(),
                SepalWidth = request.SepalWidth.GetValueOrDefault(),
                PetalLength = request.PetalLength.GetValueOrDefault(),
                PetalWidth = request.PetalWidth.GetValueOrDefault(),
            });
        }

        var probabilities = Labels.Zip(prediction.Score).ToDictionary(pair => pair.First, pair => pair.Second);
        return new PredictResponse(prediction.PredictedSpecies, probabilities);
    }
}
