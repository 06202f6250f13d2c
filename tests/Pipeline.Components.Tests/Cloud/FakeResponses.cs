using System.Text.Json;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>WireMock callback answers for the cloud fakes, and base64url as JWTs and EKS tokens use it.</summary>
internal static class FakeResponses
{
    public static WireMock.ResponseMessage Json(int status, object body) => Text(status, "application/json", JsonSerializer.Serialize(body));

    public static WireMock.ResponseMessage Text(int status, string contentType, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
    };

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
