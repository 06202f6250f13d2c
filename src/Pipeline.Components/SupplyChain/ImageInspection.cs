using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Components.SupplyChain;

/// <summary>What is attached to an image, as <c>./build.sh Inspect</c> prints it: the bill of materials and the provenance in short, and the signatures.</summary>
internal static class ImageInspection
{
    public static async Task<string> DescribeAsync(RegistryArtifacts registry, string imageName, string digest, ECDsa? verificationKey, CancellationToken cancellationToken)
    {
        var text = new StringBuilder($"{imageName}@{digest}\n");
        text.Append(await BomAsync(registry, digest, cancellationToken));
        text.Append(await ProvenanceAsync(registry, digest, verificationKey, cancellationToken));
        var signatures = await ImageAttachments.SignaturesAsync(registry, digest, cancellationToken);
        text.Append($"Signatures (:{RegistryArtifacts.TagOf(digest, "sig")}): {(signatures.Count == 0 ? "none" : signatures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        if (signatures.Count > 0 && verificationKey is not null)
            text.Append(signatures.Any(signature => CosignSignature.Verifies(signature.Payload, signature.Signature, verificationKey, digest)) ? ", one verified by --verification-key" : ", none verified by --verification-key");
        return text.Append('\n').ToString();
    }

    private static async Task<string> ProvenanceAsync(RegistryArtifacts registry, string digest, ECDsa? verificationKey, CancellationToken cancellationToken)
    {
        var tag = RegistryArtifacts.TagOf(digest, "att");
        var provenance = (await ImageAttachments.AttestationsAsync(registry, digest, cancellationToken)).Where(attestation => attestation.PredicateType == SlsaProvenance.PredicateType).ToList();
        if (provenance.Count == 0)
            return $"Provenance (:{tag}): none\n";
        // each envelope read and checked once; the one the key signed, else a signed one, else the first: what a verifier would pick
        var chosen = provenance
            .Select(attestation => DsseEnvelope.Read(attestation.Envelope) is var (payloadType, payload, signatures) && Parse(payload) is { } parsed
                ? new ReadProvenance(parsed, signatures.Count, verificationKey is not null && DsseEnvelope.IsSignedBy(payloadType, payload, signatures, verificationKey))
                : null)
            .OfType<ReadProvenance>()
            .OrderByDescending(read => read.SignedByKey)
            .ThenByDescending(read => read.Signatures)
            .FirstOrDefault();
        if (chosen is null)
            return $"Provenance (:{tag}): {provenance.Count} envelope(s), none holding an in-toto statement\n";
        var (statement, signed, signedByKey) = chosen;
        var predicate = statement["predicate"];
        var source = predicate?["buildDefinition"]?["externalParameters"]?["source"];
        var dependencies = predicate?["buildDefinition"]?["resolvedDependencies"]?.AsArray().Count ?? 0;
        var verdict = signed == 0 ? "unsigned" : verificationKey is null ? $"{signed} signature(s)" : signedByKey ? "signed, verified by --verification-key" : "signed, not by --verification-key";
        var dirty = source?["dirty"]?.GetValue<bool>() == true ? " (dirty work tree)" : "";
        return $"""
            Provenance (:{tag}, SLSA v1, {verdict}):
              built by {predicate?["runDetails"]?["builder"]?["id"]} from {source?["uri"]} at {source?["revision"]}{dirty}; {dependencies} resolved dependencies

            """;
    }

    /// <summary>A provenance envelope read: its statement, how many signatures it carries, whether the verification key made one.</summary>
    private sealed record ReadProvenance(JsonNode Statement, int Signatures, bool SignedByKey);

    private static JsonNode? Parse(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<string> BomAsync(RegistryArtifacts registry, string digest, CancellationToken cancellationToken)
    {
        var tag = RegistryArtifacts.TagOf(digest, "sbom");
        if (await registry.GetManifestAsync(tag, cancellationToken) is not { } manifest
            || JsonNode.Parse(manifest.Content)?["layers"]?[0]?["digest"]?.GetValue<string>() is not { } layer)
            return $"Bill of materials (:{tag}): none\n";
        JsonNode? bom;
        try
        {
            bom = JsonNode.Parse(await registry.GetBlobAsync(layer, cancellationToken));
        }
        catch (System.Text.Json.JsonException exception)
        {
            return $"Bill of materials (:{tag}): not JSON ({exception.Message})\n";
        }


        var components = bom?["components"]?.AsArray().Where(component => component is not null).Select(component => component!).ToList() ?? [];
        var model = components.FirstOrDefault(component => component["type"]?.GetValue<string>() == "machine-learning-model");
        var metrics = model?["modelCard"]?["quantitativeAnalysis"]?["performanceMetrics"]?.AsArray().Select(metric => $"{metric?["type"]} {metric?["value"]}") ?? [];
        var parameters = model?["properties"]?.AsArray().Count(property => property?["name"]?.GetValue<string>().StartsWith("pipeline:hyperparameter:", StringComparison.Ordinal) == true) ?? 0;
        var datasets = components.Where(component => component["type"]?.GetValue<string>() == "data").Select(component => component["name"]?.GetValue<string>()).ToList();
        var packages = components.Count(component => component["type"]?.GetValue<string>() == "library");
        return $"""
            Bill of materials (:{tag}, CycloneDX {bom?["specVersion"]}):
              model: {string.Join(", ", metrics)}; {parameters} hyper-parameters; trained on {string.Join(", ", datasets)}
              packages: {packages}

            """;
    }
}
