using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.CI.Yaml;

/// <summary>
/// Builds a YAML mapping whose keys keep the order they are added in, leaving out empty values, so generated
/// files have a stable, readable key order (YamlDotNet's serializer orders by property, not by meaning).
/// </summary>
internal sealed class YamlMap
{
    public YamlMappingNode Node { get; } = new();

    public YamlMap Add(string key, string? value)
    {
        if (value is not null)
            Node.Add(key, Scalar(value));
        return this;
    }

    public YamlMap Add(string key, bool value)
    {
        Node.Add(key, new YamlScalarNode(value ? "true" : "false"));
        return this;
    }

    public YamlMap Add(string key, int value)
    {
        Node.Add(key, new YamlScalarNode(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return this;
    }

    public YamlMap Add(string key, YamlMap? value)
    {
        if (value is not null && value.Node.Children.Count > 0)
            Node.Add(key, value.Node);
        return this;
    }

    /// <summary>A mapping that is written even when empty (<c>workflow_dispatch: {}</c>).</summary>
    public YamlMap AddEmpty(string key)
    {
        Node.Add(key, new YamlMappingNode { Style = YamlDotNet.Core.Events.MappingStyle.Flow });
        return this;
    }

    public YamlMap Add(string key, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count > 0)
            Node.Add(key, new YamlSequenceNode(list.Select(Scalar)));
        return this;
    }

    public YamlMap Add(string key, IEnumerable<YamlMap> values)
    {
        var list = values.ToList();
        if (list.Count > 0)
            Node.Add(key, new YamlSequenceNode(list.Select(v => (YamlNode)v.Node)));
        return this;
    }

    public YamlMap Add(string key, IReadOnlyDictionary<string, string> values)
    {
        var map = new YamlMap();
        foreach (var (name, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            map.Add(name, value);
        return Add(key, map);
    }

    /// <summary>The whole file: a header comment, then the document.</summary>
    public string ToFile(string header)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(Node)).Save(writer, assignAnchors: false);
        var yaml = writer.ToString().Replace("\r\n", "\n");
        if (yaml.EndsWith("...\n", StringComparison.Ordinal))
            yaml = yaml[..^4];
        return header + yaml.TrimEnd('\n') + "\n";
    }

    private static YamlScalarNode Scalar(string value) =>
        // expressions and values with YAML indicators are quoted so the file means what the model says
        new(value) { Style = value.Contains('\n') ? ScalarStyle.Literal : NeedsQuotes(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Plain };

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 || value.StartsWith('$') || value.StartsWith('*') || value.StartsWith('&') || value.StartsWith('!')
        || value.Contains(": ") || value.Contains(" #") || value is "true" or "false" or "null" or "yes" or "no" or "on" or "off"
        || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
