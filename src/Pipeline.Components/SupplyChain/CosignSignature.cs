using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// cosign's signature of an image digest: a "simple signing" payload naming the repository and the digest, signed with
/// ECDSA P-256 over SHA-256 (ASN.1 DER, base64), so <c>cosign verify --key</c> and <c>openssl dgst -sha256 -verify</c>
/// accept it. Written here because cosign is a Go tool and no .NET sigstore library is served.
/// </summary>
internal static class CosignSignature
{
    /// <summary>The media type of the payload layer of a cosign signature image.</summary>
    public const string PayloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>The layer annotation that carries the base64 signature.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>The payload for <paramref name="imageName"/> (registry/repository) at <paramref name="digest"/>, as cosign writes it.</summary>
    public static byte[] Payload(string imageName, string digest) => Encoding.UTF8.GetBytes(
        $$"""{"critical":{"identity":{"docker-reference":"{{imageName}}"},"image":{"docker-manifest-digest":"{{digest}}"},"type":"cosign container image signature"},"optional":null}""");

    /// <summary>The base64 DER signature of <paramref name="payload"/>.</summary>
    public static string Sign(byte[] payload, ECDsa key) => Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>Whether <paramref name="signature"/> is <paramref name="key"/>'s over <paramref name="payload"/>, and the payload names <paramref name="digest"/>.</summary>
    public static bool Verifies(byte[] payload, string signature, ECDsa key, string digest)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return key.VerifyData(payload, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence) && SignedDigest(payload) == digest;
    }

    /// <summary>The digest a payload vouches for, or null when it is not a simple-signing payload.</summary>
    public static string? SignedDigest(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.GetProperty("critical").GetProperty("image").GetProperty("docker-manifest-digest").GetString();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
