using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// A manifest as JSON (which is YAML too): KubernetesClient sends a V1Patch's string content as raw JSON, also for
/// apply patches. Plain scalars are typed as the API server's YAML decoder (sigs.k8s.io/yaml, YAML 1.1) types them:
/// integers (<c>0644</c> is octal), floats, booleans and null; quoted scalars stay strings.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>The node as a JSON node.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } plain => Plain(plain.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonNode? Plain(string? value)
    {
        if (value is null or "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        if (Octal().IsMatch(value))
            return JsonValue.Create(value.TrimStart('0', 'o') is { Length: > 0 } digits ? Convert.ToInt64(digits, 8) : 0L);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return JsonValue.Create(real);
        return JsonValue.Create(value);
    }

    [GeneratedRegex("^(0[0-7]+|0o[0-7]+)$")]
    private static partial Regex Octal();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
