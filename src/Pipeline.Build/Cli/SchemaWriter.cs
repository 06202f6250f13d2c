using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Build.Graph;
using Pipeline.Build.IO;
using Pipeline.Build.Parameters;

namespace Pipeline.Build.Cli;

/// <summary>Generates <c>.nuke/build.schema.json</c> so editors complete and check <c>.nuke/parameters.json</c>.</summary>
internal static class SchemaWriter
{
    public const string RelativePath = BuildLayout.SchemaFile;

    public static string Generate(TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var targetNames = new JsonArray(graph.Targets.Select(t => (JsonNode)t.Name).Order(Comparer<JsonNode>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))).ToArray());
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string" },
        };
        foreach (var parameter in parameters)
            properties[parameter.MemberName] = Property(parameter);
        properties["Target"] = new JsonObject { ["type"] = "array", ["description"] = "Targets to run", ["items"] = new JsonObject { ["type"] = "string", ["enum"] = targetNames.DeepClone() } };
        properties["Skip"] = new JsonObject { ["type"] = "array", ["description"] = "Targets to skip", ["items"] = new JsonObject { ["type"] = "string", ["enum"] = targetNames.DeepClone() } };

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Pipeline build parameters (.nuke/parameters.json)",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Writes the schema only when it changed, so a warm run touches no file.</summary>
    public static void WriteIfChanged(string rootDirectory, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var path = Path.Combine(rootDirectory, RelativePath);
        var schema = Generate(graph, parameters);
        if (!File.Exists(path) || File.ReadAllText(path) != schema)
            AtomicFile.WriteAllText(path, schema);
    }

    private static JsonObject Property(ParameterDescriptor parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
        var property = new JsonObject { ["description"] = parameter.Description + (parameter.IsSecret ? " (secret: set it in the environment, not here)" : "") };
        if (type == typeof(string[]))
        {
            property["type"] = "array";
            property["items"] = new JsonObject { ["type"] = "string" };
        }
        else if (type.IsEnum)
        {
            property["type"] = "string";
            property["enum"] = new JsonArray(Enum.GetNames(type).Select(name => (JsonNode)name).ToArray());
        }
        else if (type == typeof(TimeSpan))
        {
            property["type"] = new JsonArray("string", "number"); // "90s", or a number of seconds
        }
        else
        {
            property["type"] = type == typeof(bool) ? "boolean"
                : type == typeof(int) || type == typeof(long) ? "integer"
                : type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "number"
                : "string";
        }

        return property;
    }
}
