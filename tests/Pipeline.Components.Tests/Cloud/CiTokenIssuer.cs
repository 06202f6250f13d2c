using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Components.Tests.Report;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>
/// A CI's OIDC issuer for tests: signs RS256 JWTs with its own key, serves them as GitHub's ID-token endpoint does
/// (GET ?audience=…, Bearer request token → {"value": jwt}), and verifies them as a cloud's STS would.
/// </summary>
internal sealed class CiTokenIssuer : IDisposable
{
    public const string RequestToken = "gha-request-token";
    public const string Subject = "repo:acme/models:ref:refs/heads/main";
    private readonly RSA key = RSA.Create(2048);

    public CiTokenIssuer()
    {
        Host.Server.Given(Request.Create().WithPath("/idtoken").UsingGet().WithHeader("Authorization", "Bearer " + RequestToken))
            .RespondWith(Response.Create().WithCallback(request => FakeResponses.Json(200, new { value = Sign(request.Query!["audience"].Single()) })));
    }

    public FakeHost Host { get; } = new();

    /// <summary>The variables GitHub Actions sets in a job with id-token: write.</summary>
    public IReadOnlyDictionary<string, string> GitHubVariables => new Dictionary<string, string>
    {
        ["ACTIONS_ID_TOKEN_REQUEST_URL"] = new Uri(Host.Url, "idtoken?api-version=2.0").ToString(),
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = RequestToken,
    };

    /// <summary>The audiences the job asked tokens for.</summary>
    public IReadOnlyList<string> Audiences => [.. Host.Requests("GET", "/idtoken").Select(entry => entry.RequestMessage!.Query!["audience"].Single())];

    public string Sign(string audience, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var header = FakeResponses.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "test" }));
        var claims = FakeResponses.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = "https://token.actions.githubusercontent.com",
            ["sub"] = Subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddMinutes(5)).ToUnixTimeSeconds(),
        }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{claims}.{FakeResponses.Base64Url(signature)}";
    }

    /// <summary>The token's audience when this issuer signed it and it has not expired; null otherwise.</summary>
    public string? Verify(string? jwt)
    {
        if (jwt?.Split('.') is not [var header, var claims, var signature])
            return null;
        if (!key.VerifyData(Encoding.ASCII.GetBytes($"{header}.{claims}"), FakeResponses.FromBase64Url(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return null;
        using var body = JsonDocument.Parse(FakeResponses.FromBase64Url(claims));
        return body.RootElement.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? body.RootElement.GetProperty("aud").GetString() : null;
    }

    public void Dispose()
    {
        Host.Dispose();
        key.Dispose();
    }
}
