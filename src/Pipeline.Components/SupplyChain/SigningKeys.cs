using System.Security.Cryptography;
using Pipeline.Build;

namespace Pipeline.Components.SupplyChain;

/// <summary>Reads the ECDSA P-256 keys of <c>--signing-key</c> (PEM text, a secret) and <c>--verification-key</c> (PEM text or a file).</summary>
internal static class SigningKeys
{
    private const string HowToMake = "make a pair with: openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt > signing.pem; openssl ec -in signing.pem -pubout > verification.pem";

    /// <summary>The private key; the PEM text comes from the secret, never from a file named in argv.</summary>
    public static ECDsa Private(string pem) => Import(pem, "--signing-key (PIPELINE_SIGNING_KEY)", "an unencrypted ECDSA P-256 private key in PEM");

    /// <summary>The public key, from PEM text or the file it names.</summary>
    public static ECDsa Public(string pemOrFile, AbsolutePath root)
    {
        var text = pemOrFile.Contains("-----BEGIN", StringComparison.Ordinal) ? pemOrFile
            : File.Exists(root / pemOrFile) ? File.ReadAllText(root / pemOrFile)
            : throw new BuildConfigurationException($"--verification-key '{pemOrFile}' is neither a PEM public key nor a file: {HowToMake}.");
        return Import(text, "--verification-key", "an ECDSA P-256 public key in PEM");
    }

    private static ECDsa Import(string pem, string source, string expected)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new BuildConfigurationException($"{source} is not {expected} (an encrypted cosign key is not read here): {HowToMake}.");
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new BuildConfigurationException($"{source} is a {key.KeySize}-bit key; cosign's format needs ECDSA P-256: {HowToMake}.");
        }

        return key;
    }
}
