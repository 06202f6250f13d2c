using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Model.Training;

/// <summary>Reads <c>params.yaml</c>; errors name the file, line and column.</summary>
public static class ParamsFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads and validates the <c>train:</c> section.</summary>
    public static TrainingParameters Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the hyper-parameters file is missing. Restore it with 'git checkout -- {path}'.", path);
        Document? document;
        try
        {
            document = Deserializer.Deserialize<Document?>(File.ReadAllText(path));
        }
        catch (YamlException exception)
        {
            var reason = (exception.InnerException ?? exception).Message;
            throw new InvalidDataException($"{path}({exception.Start.Line},{exception.Start.Column}): {reason} Fix the YAML (keys under 'train:' are seed, test_fraction, max_iterations, l2_regularization, history_points).");
        }

        var parameters = document?.Train ?? new TrainingParameters();
        Validate(path, parameters);
        return parameters;
    }

    private static void Validate(string path, TrainingParameters parameters)
    {
        if (parameters.TestFraction is <= 0 or >= 1)
            throw new InvalidDataException($"{path}: train.test_fraction must be between 0 and 1 (exclusive), got {parameters.TestFraction}.");
        if (parameters.MaxIterations < 1)
            throw new InvalidDataException($"{path}: train.max_iterations must be at least 1, got {parameters.MaxIterations}.");
        if (parameters.HistoryPoints < 1 || parameters.HistoryPoints > parameters.MaxIterations)
            throw new InvalidDataException($"{path}: train.history_points must be between 1 and max_iterations ({parameters.MaxIterations}), got {parameters.HistoryPoints}.");
        if (parameters.L2Regularization < 0)
            throw new InvalidDataException($"{path}: train.l2_regularization must not be negative, got {parameters.L2Regularization}.");
    }

    private sealed class Document
    {
        public TrainingParameters? Train { get; set; }
    }
}
