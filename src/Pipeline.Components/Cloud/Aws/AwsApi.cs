using System.Net;
using System.Text;
using System.Text.Json;

namespace Pipeline.Components.Cloud.Aws;

/// <summary>One SigV4-signed call to an AWS JSON or REST API, its errors ("__type", "message") turned into messages that name the permission.</summary>
public static class AwsApi
{
    /// <summary>Sends a SigV4-signed request to an AWS JSON API and returns the answer; an error answer throws with AWS's code and message.</summary>
    public static async Task<JsonDocument> SendAsync(HttpClient http, HttpMethod method, Uri uri, string? json, IReadOnlyDictionary<string, string> headers,
        AwsCredentials credentials, string region, string service, string action, CancellationToken cancellationToken)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(method, uri);
        var signedHeaders = SigV4Signer.Sign(method.Method, uri, headers, SigV4Signer.Hex(System.Security.Cryptography.SHA256.HashData(body)), credentials, region, service, DateTimeOffset.UtcNow);
        if (json is not null)
            request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in headers.Concat(signedHeaders))
        {
            if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                request.Content!.Headers.TryAddWithoutValidation("Content-Type", value);
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CloudSignInException($"AWS {service} is unreachable at {uri.GetLeftPart(UriPartial.Authority)} ({exception.Message}).", exception);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return JsonDocument.Parse(text);
            var (type, message) = Error(text);
            throw new CloudSignInException(response.StatusCode switch
            {
                HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest when type.Contains("AccessDenied", StringComparison.Ordinal) || type.Contains("UnrecognizedClient", StringComparison.Ordinal)
                    => $"AWS denied {action} ({message}): grant the role {action} on the resource.",
                HttpStatusCode.NotFound => $"AWS {service} found nothing for {uri.AbsolutePath} ({message}); check the name and region {region}.",
                _ => $"AWS {action} failed: {(int)response.StatusCode} {type} {message}",
            });
        }
    }

    private static (string Type, string Message) Error(string text)
    {
        try
        {
            using var error = JsonDocument.Parse(text);
            var root = error.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() ?? "" : "";
            var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() ?? "" : "";
            return (type.Split('#')[^1], message);
        }
        catch (JsonException)
        {
            return ("", text.Length > 200 ? text[..200] : text);
        }
    }
}
