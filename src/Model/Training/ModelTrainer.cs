using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Model.Data;
using Model.Outputs;

namespace Model.Training;

/// <summary>
/// Trains the SDCA maximum-entropy multiclass classifier on the iris data set, deterministically for a seed,
/// and writes the model, metrics, training history and test predictions.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Trains and writes every output atomically; reports progress per history point.</summary>
    public static TrainingResult Train(TrainingRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var parameters = ParamsFile.Read(request.ParamsFile);
        var rows = IrisCsvReader.Read(request.DataFile);
        var context = new MLContext(parameters.Seed);
        var split = context.Data.TrainTestSplit(context.Data.LoadFromEnumerable(rows), parameters.TestFraction, seed: parameters.Seed);

        var history = new List<HistoryPoint>();
        ITransformer? model = null;
        var points = HistorySchedule(parameters);
        foreach (var iterations in points)
        {
            cancellationToken.ThrowIfCancellationRequested();
            model = Pipeline(context, parameters, iterations).Fit(split.TrainSet);
            var train = Evaluate(context, model, split.TrainSet);
            var test = Evaluate(context, model, split.TestSet);
            history.Add(new HistoryPoint(iterations, Round(train.LogLoss), Round(test.LogLoss), Round(train.MicroAccuracy), Round(test.MicroAccuracy)));
            progress?.Report((history.Count, points.Count));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var predictions = model!.Transform(split.TestSet);
        var labels = Labels(predictions.Schema);
        var metrics = Metrics(context.MulticlassClassification.Evaluate(predictions, IrisColumns.Label), labels, split);
        var outputs = new TrainingOutputs(request.ArtifactsDirectory);
        outputs.Write(context, model, split.TrainSet.Schema, labels, metrics, history, PredictionRows(context, predictions), cancellationToken);
        return new TrainingResult(metrics, history, labels);
    }

    private static IEstimator<ITransformer> Pipeline(MLContext context, TrainingParameters parameters, int iterations) =>
        context.Transforms.Conversion.MapValueToKey(IrisColumns.Label, nameof(IrisFlower.Species), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(context.Transforms.Concatenate(IrisColumns.Features, nameof(IrisFlower.SepalLength), nameof(IrisFlower.SepalWidth), nameof(IrisFlower.PetalLength), nameof(IrisFlower.PetalWidth)))
            .Append(context.Transforms.NormalizeMinMax(IrisColumns.Features))
            .Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = IrisColumns.Label,
                FeatureColumnName = IrisColumns.Features,
                MaximumNumberOfIterations = iterations,
                L2Regularization = parameters.L2Regularization,
                NumberOfThreads = 1, // one thread: SDCA is only deterministic single-threaded
            }))
            .Append(context.Transforms.Conversion.MapKeyToValue(IrisColumns.PredictedSpecies, "PredictedLabel"));

    /// <summary>Epoch counts evenly spread up to max_iterations; the last is the final model.</summary>
    private static List<int> HistorySchedule(TrainingParameters parameters) =>
        Enumerable.Range(1, parameters.HistoryPoints)
            .Select(point => (int)Math.Round((double)point * parameters.MaxIterations / parameters.HistoryPoints))
            .Select(iterations => Math.Max(1, iterations))
            .Distinct()
            .ToList();

    private static MulticlassClassificationMetrics Evaluate(MLContext context, ITransformer model, IDataView data) =>
        context.MulticlassClassification.Evaluate(model.Transform(data), IrisColumns.Label);

    private static List<string> Labels(DataViewSchema schema)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        schema[IrisColumns.Label].GetKeyValues(ref keys);
        return keys.DenseValues().Select(key => key.ToString()).ToList();
    }

    private static ModelMetrics Metrics(MulticlassClassificationMetrics evaluation, IReadOnlyList<string> labels, DataOperationsCatalog.TrainTestData split)
    {
        var counts = evaluation.ConfusionMatrix.Counts.Select(row => (IReadOnlyList<int>)row.Select(c => (int)c).ToList()).ToList();
        var matrix = new ConfusionMatrix(labels, counts);
        var trainCounts = split.TrainSet.GetColumn<string>(nameof(IrisFlower.Species)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var classes = matrix.PerClass().ToDictionary(
            c => c.Label,
            c => new ClassMetrics(Round(c.Precision), Round(c.Recall), Round(c.F1), c.Support, trainCounts.GetValueOrDefault(c.Label)));
        return new ModelMetrics(
            Round(evaluation.MicroAccuracy),
            Round(evaluation.MacroAccuracy),
            Round(classes.Values.Average(c => c.F1)),
            Round(evaluation.LogLoss),
            Round(evaluation.LogLossReduction),
            trainCounts.Values.Sum(),
            counts.Sum(row => row.Sum()),
            new SortedDictionary<string, ClassMetrics>(classes, StringComparer.Ordinal),
            matrix);
    }

    private static List<PredictionRow> PredictionRows(MLContext context, IDataView predictions) =>
        context.Data.CreateEnumerable<PredictionRow>(predictions, reuseRowObject: false).ToList();

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : value;
}
