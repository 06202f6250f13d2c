using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Tests.Fakes;

/// <summary>Google service-account key JSON with a fresh RSA key, as the console downloads it, for fakes and tests.</summary>
internal static class ServiceAccountKeys
{
    public static string Create(string tokenUri, string clientEmail = "pipeline@acme.iam.gserviceaccount.com")
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "acme",
            ["private_key_id"] = "1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = clientEmail,
            ["client_id"] = "1",
            ["token_uri"] = tokenUri,
        });
    }
}
