using System.Text.Json.Nodes;
using Json.Schema;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.SupplyChain;

/// <summary>The CycloneDX 1.6 JSON schema vendored in tests/Fixtures/cyclonedx (with the SPDX and JSF schemas it refers to), formats checked.</summary>
internal static class CycloneDxSchema
{
    private static readonly Lazy<(JsonSchema Bom, EvaluationOptions Options)> Loaded = new(() =>
    {
        var directory = Path.Combine(RepositoryRoot.Path, "tests/Fixtures/cyclonedx");
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var referenced in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
            options.SchemaRegistry.Register(JsonSchema.FromText(File.ReadAllText(Path.Combine(directory, referenced))));
        var bom = JsonSchema.FromText(File.ReadAllText(Path.Combine(directory, "bom-1.6.schema.json")));
        options.SchemaRegistry.Register(bom);
        return (bom, options);
    });

    /// <summary>The schema's complaints about <paramref name="document"/> (location and message), none when it is valid.</summary>
    public static IReadOnlyList<string> Problems(JsonNode document)
    {
        var (bom, options) = Loaded.Value;
        var result = bom.Evaluate(document, options);
        return result.IsValid ? [] : [.. result.Details.Where(detail => detail.HasErrors).SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))];
    }
}
