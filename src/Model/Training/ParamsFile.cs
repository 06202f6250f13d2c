using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Model.Training;

/// <summary>Reads <c>params.yaml</c>; errors name the file, line and column.</summary>
public static class ParamsFile
{
    private static readonly string[] TrainKeys = ["seed", "test_fraction", "max_iterations", "l2_regularization", "history_points"];

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
            var text = File.ReadAllText(path);
            CheckShape(path, text); // in the file's own terms, before a deserializer speaks of .NET types
            document = Deserializer.Deserialize<Document?>(text);
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

    /// <summary>One <c>train:</c> mapping of known keys with number values; anything else named by line and key.</summary>
    private static void CheckShape(string path, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0)
            return;
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" })
            return;
        if (root is not YamlMappingNode sections)
            throw Shape(path, root, "expected a 'train:' section with the hyper-parameters");
        foreach (var (key, value) in sections.Children)
        {
            var section = ((YamlScalarNode)key).Value;
            if (section != "train")
                throw Shape(path, key, $"unknown section '{section}'; the file has one section, 'train:'");
            if (value is YamlScalarNode { Value: null or "" })
                continue;
            if (value is not YamlMappingNode parameters)
                throw Shape(path, value, "'train:' must hold keys like 'seed: 42', one per line");
            foreach (var (name, setting) in parameters.Children)
            {
                var parameter = ((YamlScalarNode)name).Value;
                if (!TrainKeys.Contains(parameter))
                    throw Shape(path, name, $"unknown key 'train.{parameter}'; the keys are {string.Join(", ", TrainKeys)}");
                if (setting is not YamlScalarNode { Value: { } number } || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw Shape(path, setting, $"train.{parameter} must be a number");
            }
        }
    }

    private static InvalidDataException Shape(string path, YamlNode node, string problem) =>
        new($"{path}({node.Start.Line},{node.Start.Column}): {problem}.");

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
