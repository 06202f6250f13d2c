using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Comparison;

/// <summary>Nested YAML or JSON flattened to dotted paths (<c>train.seed</c>, <c>classes.setosa.f1</c>) with scalar text values.</summary>
public static class FlatValues
{
    /// <summary>Flattens a YAML document; errors name the source and line.</summary>
    public static SortedDictionary<string, string> FromYaml(string yaml, string source)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new InvalidDataException($"{source}({exception.Start.Line},{exception.Start.Column}): not valid YAML: {(exception.InnerException ?? exception).Message}");
        }

        if (stream.Documents.Count > 0)
            Walk(stream.Documents[0].RootNode, "", values);
        return values;
    }

    /// <summary>Flattens a JSON document; errors name the source and line.</summary>
    public static SortedDictionary<string, string> FromJson(string json, string source)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            Walk(document.RootElement, "", values);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{source}({exception.LineNumber + 1},{exception.BytePositionInLine + 1}): not valid JSON: {exception.Message.Split(". ")[0]}.");
        }

        return values;
    }

    private static void Walk(YamlNode node, string path, IDictionary<string, string> values)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    Walk(value, Join(path, ((YamlScalarNode)key).Value ?? ""), values);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Walk(sequence.Children[i], $"{path}[{i}]", values);
                break;
            case YamlScalarNode scalar:
                values[path] = scalar.Value ?? "";
                break;
        }
    }

    private static void Walk(JsonElement element, string path, IDictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, Join(path, property.Name), values);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Walk(item, $"{path}[{index++}]", values);
                break;
            case JsonValueKind.Number:
                values[path] = element.GetDouble().ToString("R", CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.String:
                values[path] = element.GetString()!;
                break;
            default:
                values[path] = element.GetRawText();
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
