using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// What Push attaches to an image and Deploy checks: the bill of materials at <c>sha256-&lt;hex&gt;.sbom</c>, the SLSA
/// provenance as an in-toto attestation (DSSE envelope) at <c>sha256-&lt;hex&gt;.att</c>, and a cosign signature at
/// <c>sha256-&lt;hex&gt;.sig</c> (the tags <c>cosign tree</c>, <c>cosign verify</c>, <c>cosign verify-attestation</c> and
/// <c>cosign download sbom</c> read). An image that already carries them gets nothing new.
/// </summary>
internal static class ImageAttachments
{
    private const string BomMediaType = "application/vnd.cyclonedx+json";
    private static readonly JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // media types keep their '+', as every registry tool writes them

    /// <summary>
    /// Attaches the bill of materials and the provenance unless attached, and signs the digest when a key is given
    /// unless that key signed it already. Returns whether anything was attached or signed (or could not be attached).
    /// </summary>
    public static async Task<bool> AttachAsync(RegistryArtifacts registry, string imageName, string digest, byte[] bom, byte[] provenance, ECDsa? signingKey, IBuildLog log, CancellationToken cancellationToken)
    {
        bool changed;
        try
        {
            changed = await AttachBomAsync(registry, imageName, digest, bom, log, cancellationToken);
            changed |= await AttachProvenanceAsync(registry, imageName, digest, provenance, signingKey, log, cancellationToken);
        }
        catch (Containers.RegistryException exception) when (signingKey is null)
        {
            // the image is pushed and the documents are in artifacts/: a registry that refuses attachments costs the attachments only
            log.Warn($"The bill of materials and provenance were not attached ({exception.Message}); they are in {ModelBom.FileName} and {SlsaProvenance.FileName}.");
            return true; // a later run tries again
        }

        return signingKey is null ? changed : await SignAsync(registry, imageName, digest, signingKey, log, cancellationToken) | changed;
    }

    /// <summary>The bill of materials under <c>.sbom</c> unless one is there; returns whether it was attached.</summary>
    private static async Task<bool> AttachBomAsync(RegistryArtifacts registry, string imageName, string digest, byte[] bom, IBuildLog log, CancellationToken cancellationToken)
    {
        var bomTag = RegistryArtifacts.TagOf(digest, "sbom");
        if (await registry.GetManifestAsync(bomTag, cancellationToken) is not null)
        {
            log.Info($"{imageName}@{digest[..19]}… already carries its bill of materials (:{bomTag}): nothing attached.");
            return false;
        }

        await PutAsync(registry, bomTag, [Layer(await registry.PutBlobAsync(bom, cancellationToken), bom.Length, BomMediaType, annotations: null)], cancellationToken);
        log.Info($"Attached the bill of materials to {imageName}@{digest[..19]}… as :{bomTag}.");
        return true;
    }

    /// <summary>A cosign signature of the digest under <c>.sig</c> unless this key signed it already; returns whether it signed.</summary>
    private static async Task<bool> SignAsync(RegistryArtifacts registry, string imageName, string digest, ECDsa signingKey, IBuildLog log, CancellationToken cancellationToken)
    {
        var sigTag = RegistryArtifacts.TagOf(digest, "sig");
        if ((await SignaturesAsync(registry, digest, cancellationToken)).Any(signature => CosignSignature.Verifies(signature.Payload, signature.Signature, signingKey, digest)))
        {
            log.Info($"{imageName}@{digest[..19]}… is already signed with this key (:{sigTag}): nothing signed.");
            return false;
        }

        var payload = CosignSignature.Payload(imageName, digest);
        var annotations = new Dictionary<string, string> { [CosignSignature.SignatureAnnotation] = CosignSignature.Sign(payload, signingKey) };
        await PutAsync(registry, sigTag, [Layer(await registry.PutBlobAsync(payload, cancellationToken), payload.Length, CosignSignature.PayloadMediaType, annotations)], cancellationToken);
        log.Info($"Signed {imageName}@{digest[..19]}… (cosign format, :{sigTag}); check it with: cosign verify --key verification.pem {imageName}@{digest}");
        return true;
    }

    /// <summary>
    /// The provenance statement in a DSSE envelope (signed with the key when given) under <c>.att</c>, beside the
    /// attestations already there, unless one of the same predicate type is there (signed by this key, when given).
    /// </summary>
    private static async Task<bool> AttachProvenanceAsync(RegistryArtifacts registry, string imageName, string digest, byte[] statement, ECDsa? signingKey, IBuildLog log, CancellationToken cancellationToken)
    {
        var attTag = RegistryArtifacts.TagOf(digest, "att");
        var existing = await AttestationsAsync(registry, digest, cancellationToken);
        if (existing.Any(attestation => attestation.PredicateType == SlsaProvenance.PredicateType && (signingKey is null || DsseEnvelope.IsSignedBy(attestation.Envelope, signingKey))))
        {
            log.Info($"{imageName}@{digest[..19]}… already carries its provenance (:{attTag}): nothing attached.");
            return false;
        }

        var envelope = DsseEnvelope.Create(DsseEnvelope.InTotoPayloadType, statement, signingKey);
        var layers = existing.Select(attestation => attestation.Layer.DeepClone()).ToList();
        layers.Add(Layer(await registry.PutBlobAsync(envelope, cancellationToken), envelope.Length, DsseEnvelope.MediaType,
            new Dictionary<string, string> { [CosignSignature.SignatureAnnotation] = "", ["predicateType"] = SlsaProvenance.PredicateType }));
        await PutAsync(registry, attTag, layers, cancellationToken);
        log.Info($"Attached the SLSA provenance to {imageName}@{digest[..19]}… as :{attTag} ({(signingKey is null ? "unsigned: sign it with --signing-key" : "signed")}).");
        return true;
    }

    /// <summary>Every in-toto attestation attached to <paramref name="digest"/>: its layer, predicate type and DSSE envelope.</summary>
    public static async Task<IReadOnlyList<(JsonNode Layer, string? PredicateType, byte[] Envelope)>> AttestationsAsync(RegistryArtifacts registry, string digest, CancellationToken cancellationToken)
    {
        if (await registry.GetManifestAsync(RegistryArtifacts.TagOf(digest, "att"), cancellationToken) is not { } manifest)
            return [];
        var found = new List<(JsonNode, string?, byte[])>();
        foreach (var layer in JsonNode.Parse(manifest.Content)?["layers"]?.AsArray() ?? [])
        {
            if (layer?["mediaType"]?.GetValue<string>() != DsseEnvelope.MediaType || layer["digest"]?.GetValue<string>() is not { } blob)
                continue;
            found.Add((layer, layer["annotations"]?["predicateType"]?.GetValue<string>(), await registry.GetBlobAsync(blob, cancellationToken)));
        }

        return found;
    }

    /// <summary>Refuses, naming the digest and what is missing, an image without a signature <paramref name="key"/> verifies.</summary>
    public static async Task VerifyAsync(RegistryArtifacts registry, string imageName, string digest, ECDsa key, CancellationToken cancellationToken)
    {
        var signatures = await SignaturesAsync(registry, digest, cancellationToken);
        if (signatures.Count == 0)
            throw new TargetFailedException($"{imageName}@{digest} carries no signature (:{RegistryArtifacts.TagOf(digest, "sig")} is missing), and this environment requires one: push it with --signing-key, or deploy a signed image. Nothing was applied.");
        if (!signatures.Any(signature => CosignSignature.Verifies(signature.Payload, signature.Signature, key, digest)))
            throw new TargetFailedException($"{imageName}@{digest} has {signatures.Count} signature(s), none made by the --verification-key's key over this digest, and this environment requires one. Nothing was applied.");
    }

    /// <summary>Every cosign signature layer attached to <paramref name="digest"/>: payload and base64 signature.</summary>
    public static async Task<IReadOnlyList<(byte[] Payload, string Signature)>> SignaturesAsync(RegistryArtifacts registry, string digest, CancellationToken cancellationToken)
    {
        if (await registry.GetManifestAsync(RegistryArtifacts.TagOf(digest, "sig"), cancellationToken) is not { } manifest)
            return [];
        var found = new List<(byte[], string)>();
        foreach (var layer in JsonNode.Parse(manifest.Content)?["layers"]?.AsArray() ?? [])
        {
            if (layer?["mediaType"]?.GetValue<string>() != CosignSignature.PayloadMediaType || layer["annotations"]?[CosignSignature.SignatureAnnotation]?.GetValue<string>() is not { } signature)
                continue;
            found.Add((await registry.GetBlobAsync(layer["digest"]!.GetValue<string>(), cancellationToken), signature));
        }

        return found;
    }

    private static JsonNode Layer(string digest, int size, string mediaType, IReadOnlyDictionary<string, string>? annotations)
    {
        var layer = new JsonObject { ["mediaType"] = mediaType, ["size"] = size, ["digest"] = digest };
        if (annotations is not null)
            layer["annotations"] = new JsonObject([.. annotations.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]);
        return layer;
    }

    /// <summary>Layers (blobs already uploaded) in an OCI image manifest with a minimal image config (as cosign writes), under <paramref name="tag"/>.</summary>
    private static async Task PutAsync(RegistryArtifacts registry, string tag, IReadOnlyList<JsonNode> layers, CancellationToken cancellationToken)
    {
        var diffIds = string.Join(',', layers.Select(layer => $"\"{layer["digest"]!.GetValue<string>()}\""));
        var config = Encoding.UTF8.GetBytes("""{"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":[""" + diffIds + "]}}");
        var configDigest = await registry.PutBlobAsync(config, cancellationToken);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.Manifest,
            ["config"] = new JsonObject { ["mediaType"] = OciMediaTypes.Config, ["size"] = config.Length, ["digest"] = configDigest },
            ["layers"] = new JsonArray([.. layers]),
        };
        await registry.PutManifestAsync(tag, OciMediaTypes.Manifest, Encoding.UTF8.GetBytes(manifest.ToJsonString(Plain)), cancellationToken);
    }
}
