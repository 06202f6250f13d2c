using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>JSON as YAML with keys sorted, so a diff shows changed values, never the order a server returns keys in.</summary>
internal static class SortedYaml
{
    public static string Serialize(JsonNode node)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(ToYaml(node))).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject mapping => new YamlMappingNode(mapping.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(pair.Key), ToYaml(pair.Value)))),
        JsonArray sequence => new YamlSequenceNode(sequence.Select(ToYaml)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => new YamlScalarNode(value.GetValue<string>()) { Style = YamlDotNet.Core.ScalarStyle.Any },
        null => new YamlScalarNode("null"),
        _ => new YamlScalarNode(node.ToJsonString()),
    };
}
