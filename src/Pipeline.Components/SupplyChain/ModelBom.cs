using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// A CycloneDX 1.6 bill of materials for a pushed image: the image (a <c>container</c> pinned by digest), the model in it
/// (a <c>machine-learning-model</c> whose model card names its datasets and metrics, with its hyper-parameters and training
/// command as properties), the datasets (<c>data</c>, SHA-256 as <c>pipeline.lock</c> records them), and the packages the
/// image was built with (<c>pkg:nuget</c>, <c>pkg:deb</c>). Written by hand on System.Text.Json: the CycloneDX .NET
/// library has no machine-learning model card API, and this is one document of a fixed shape.
/// </summary>
internal static class ModelBom
{
    /// <summary>Where Push writes it, beside the digest it describes.</summary>
    public const string FileName = "artifacts/bom.cdx.json";

    /// <summary>The document; <paramref name="timestamp"/> and <paramref name="toolVersion"/> are all that is not derived from the subject.</summary>
    public static JsonObject Create(ModelBomSubject subject, DateTimeOffset timestamp, string toolVersion)
    {
        var hex = subject.Digest.StartsWith("sha256:", StringComparison.Ordinal) ? subject.Digest["sha256:".Length..] : subject.Digest;
        var datasets = subject.Datasets.Select(pair => (Ref: "data:" + pair.Key, Path: pair.Key, Hash: pair.Value)).ToList();
        var nuget = subject.NuGetPackages.Select(package => (Ref: $"pkg:nuget/{package.Name}@{package.Version}", package.Name, package.Version)).ToList();
        var debian = subject.DebianPackages.Select(package => (Ref: package.Purl, package.Name, package.Version)).ToList();

        var components = new JsonArray();
        components.Add(new JsonObject
        {
            ["type"] = "machine-learning-model",
            ["bom-ref"] = "model",
            ["name"] = "model",
            ["version"] = subject.Revision,
            ["hashes"] = Hashes(ListingHash(subject.ModelFiles)),
            ["modelCard"] = new JsonObject
            {
                ["modelParameters"] = new JsonObject { ["datasets"] = new JsonArray([.. datasets.Select(dataset => (JsonNode)new JsonObject { ["ref"] = dataset.Ref })]) },
                ["quantitativeAnalysis"] = new JsonObject
                {
                    ["performanceMetrics"] = new JsonArray([.. subject.Metrics.Select(metric => (JsonNode)new JsonObject
                    {
                        ["type"] = metric.Key, ["value"] = metric.Value.ToString(CultureInfo.InvariantCulture),
                    })]),
                },
            },
            ["properties"] = Properties([
                .. subject.Parameters.Select(pair => ("pipeline:hyperparameter:" + pair.Key, pair.Value)),
                .. subject.Command.Count > 0 ? new[] { ("pipeline:training-command", string.Join(' ', subject.Command)) } : [],
                .. subject.ModelFiles.Select(pair => ("pipeline:file:" + pair.Key, "sha256:" + pair.Value)),
            ]),
        });
        foreach (var dataset in datasets)
        {
            components.Add(new JsonObject
            {
                ["type"] = "data", ["bom-ref"] = dataset.Ref, ["name"] = dataset.Path, ["hashes"] = Hashes(dataset.Hash),
                ["data"] = new JsonArray(new JsonObject { ["type"] = "dataset", ["name"] = dataset.Path }),
            });
        }

        foreach (var package in nuget)
            components.Add(new JsonObject { ["type"] = "library", ["bom-ref"] = package.Ref, ["name"] = package.Name, ["version"] = package.Version, ["purl"] = package.Ref });
        foreach (var package in debian)
        {
            var component = new JsonObject { ["type"] = "library", ["bom-ref"] = package.Ref, ["name"] = package.Name, ["purl"] = package.Ref };
            if (package.Version is not null)
                component.Insert(3, "version", package.Version);
            components.Add(component);
        }

        return new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = "urn:uuid:" + UuidOf(subject.Digest + "\n" + ListingHash(subject.ModelFiles)),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject { ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "Pipeline", ["version"] = toolVersion }) },
                ["component"] = new JsonObject
                {
                    ["type"] = "container", ["bom-ref"] = "image", ["name"] = subject.ImageName, ["version"] = subject.Digest,
                    ["hashes"] = Hashes(hex),
                    ["purl"] = $"pkg:oci/{subject.ImageName.Split('/')[^1]}@{Uri.EscapeDataString(subject.Digest)}?repository_url={Uri.EscapeDataString(subject.ImageName)}",
                    ["properties"] = Properties([("pipeline:source-revision", subject.Revision)]),
                },
            },
            ["components"] = components,
            ["dependencies"] = new JsonArray(
                new JsonObject { ["ref"] = "image", ["dependsOn"] = new JsonArray([(JsonNode)"model", .. nuget.Select(p => (JsonNode)p.Ref), .. debian.Select(p => (JsonNode)p.Ref)]) },
                new JsonObject { ["ref"] = "model", ["dependsOn"] = new JsonArray([.. datasets.Select(d => (JsonNode)d.Ref)]) }),
        };
    }

    private static JsonArray Hashes(string sha256) => new(new JsonObject { ["alg"] = "SHA-256", ["content"] = sha256 });

    private static JsonArray Properties(IEnumerable<(string Name, string Value)> properties) =>
        new([.. properties.Select(property => (JsonNode)new JsonObject { ["name"] = property.Name, ["value"] = property.Value })]);

    /// <summary>One SHA-256 for a set of files: over their sorted "sha256  path" lines, as <c>sha256sum</c> prints them.</summary>
    private static string ListingHash(IReadOnlyDictionary<string, string> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Value}  {pair.Key}\n")))));

    /// <summary>A name-based UUID (version 8, RFC 9562) from the text: the same image and model give the same serial number.</summary>
    private static string UuidOf(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
