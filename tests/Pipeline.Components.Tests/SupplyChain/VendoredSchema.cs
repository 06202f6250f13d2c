using System.Text.Json.Nodes;
using Json.Schema;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.SupplyChain;

/// <summary>A JSON schema vendored in tests/Fixtures (with the schemas it refers to), formats checked.</summary>
internal sealed class VendoredSchema(string directory, string main, params string[] referenced)
{
    /// <summary>CycloneDX 1.6 (tests/Fixtures/cyclonedx), with the SPDX and JSF schemas it refers to.</summary>
    public static readonly VendoredSchema CycloneDx = new("cyclonedx", "bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json");

    /// <summary>An in-toto statement of SLSA provenance v1 (tests/Fixtures/slsa).</summary>
    public static readonly VendoredSchema SlsaProvenance = new("slsa", "provenance-v1.schema.json");

    private readonly Lazy<(JsonSchema Schema, EvaluationOptions Options)> loaded = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot.Path, "tests/Fixtures", directory);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var file in referenced)
            options.SchemaRegistry.Register(JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, file))));
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, main)));
        options.SchemaRegistry.Register(schema);
        return (schema, options);
    });

    /// <summary>The schema's complaints about <paramref name="document"/> (location and message), none when it is valid.</summary>
    public IReadOnlyList<string> Problems(JsonNode document)
    {
        var (schema, options) = loaded.Value;
        var result = schema.Evaluate(document, options);
        return result.IsValid ? [] : [.. result.Details.Where(detail => detail.HasErrors).SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))];
    }
}
