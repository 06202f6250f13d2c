using Model.Training;

// The model's own command line, for running training without the build:
//   dotnet run --project src/Model.Cli -- [data/iris.csv] [params.yaml] [artifacts]
var data = args.Length > 0 ? args[0] : "data/iris.csv";
var parameters = args.Length > 1 ? args[1] : "params.yaml";
var artifacts = args.Length > 2 ? args[2] : "artifacts";
try
{
    var progress = new Progress<(int Done, int Total)>(p => Console.WriteLine($"history point {p.Done}/{p.Total}"));
    var result = ModelTrainer.Train(new TrainingRequest(data, parameters, artifacts), progress, CancellationToken.None);
    Console.WriteLine($"accuracy {result.Metrics.Accuracy:0.0000}, macro F1 {result.Metrics.MacroF1:0.0000}, log-loss {result.Metrics.LogLoss:0.0000}; wrote {artifacts}/");
    return 0;
}
catch (Exception exception) when (exception is IOException or InvalidDataException)
{
    Console.Error.WriteLine("error: " + exception.Message);
    return 1;
}
