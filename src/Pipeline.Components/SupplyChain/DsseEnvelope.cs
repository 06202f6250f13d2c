using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// A DSSE envelope (the signing wrapper of in-toto attestations, as <c>cosign attest</c> writes them): the payload in
/// base64 and ECDSA P-256 signatures over its pre-authentication encoding. Written here because no .NET DSSE or
/// sigstore library is served; the format is three fields and one byte layout.
/// </summary>
internal static class DsseEnvelope
{
    /// <summary>The media type of an envelope layer in an attestation image.</summary>
    public const string MediaType = "application/vnd.dsse.envelope.v1+json";

    /// <summary>The payload type of an in-toto statement.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>DSSE's pre-authentication encoding: <c>DSSEv1 &lt;len type&gt; &lt;type&gt; &lt;len body&gt; &lt;body&gt;</c>, what is signed.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        return [.. Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} "), .. type, .. Encoding.ASCII.GetBytes($" {payload.Length} "), .. payload];
    }

    /// <summary>The envelope of <paramref name="payload"/>, signed by <paramref name="key"/> when given (no signatures otherwise).</summary>
    public static byte[] Create(string payloadType, byte[] payload, ECDsa? key)
    {
        var signatures = new JsonArray();
        if (key is not null)
            signatures.Add(new JsonObject { ["keyid"] = "", ["sig"] = Convert.ToBase64String(key.SignData(PreAuthenticationEncoding(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) });
        return Encoding.UTF8.GetBytes(new JsonObject { ["payloadType"] = payloadType, ["payload"] = Convert.ToBase64String(payload), ["signatures"] = signatures }.ToJsonString());
    }

    /// <summary>The envelope's payload type, payload and base64 signatures; null when it is not an envelope.</summary>
    public static (string PayloadType, byte[] Payload, IReadOnlyList<string> Signatures)? Read(byte[] envelope)
    {
        try
        {
            using var document = JsonDocument.Parse(envelope);
            var root = document.RootElement;
            var signatures = root.TryGetProperty("signatures", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(signature => signature.TryGetProperty("sig", out var sig) ? sig.GetString() : null).OfType<string>().ToList()
                : [];
            return (root.GetProperty("payloadType").GetString() ?? "", Convert.FromBase64String(root.GetProperty("payload").GetString() ?? ""), signatures);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether one of the envelope's signatures is <paramref name="key"/>'s over its payload.</summary>
    public static bool IsSignedBy(byte[] envelope, ECDsa key) =>
        Read(envelope) is var (payloadType, payload, signatures) && IsSignedBy(payloadType, payload, signatures, key);

    /// <summary>Whether one of <paramref name="signatures"/> (an envelope's, read) is <paramref name="key"/>'s over the payload.</summary>
    public static bool IsSignedBy(string payloadType, byte[] payload, IReadOnlyList<string> signatures, ECDsa key)
    {
        var signed = PreAuthenticationEncoding(payloadType, payload);
        foreach (var signature in signatures)
        {
            byte[] der;
            try
            {
                der = Convert.FromBase64String(signature);
            }
            catch (FormatException)
            {
                continue;
            }

            if (key.VerifyData(signed, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                return true;
        }

        return false;
    }
}
