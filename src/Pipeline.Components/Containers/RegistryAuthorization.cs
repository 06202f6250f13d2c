using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pipeline.Components.Containers;

/// <summary>
/// The distribution spec's answer to a registry's <c>WWW-Authenticate</c> challenge: Basic with the login, or for a
/// Bearer challenge a token from its realm (scope <c>repository:&lt;name&gt;:pull,push</c>), fetched with the login as Basic.
/// </summary>
internal static class RegistryAuthorization
{
    /// <summary>The login as a Basic authorization.</summary>
    public static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    /// <summary>
    /// The authorization a Bearer challenge's realm hands out for <paramref name="repository"/>, or null with the
    /// status it answered when it refused the login or answered no token. <paramref name="send"/> sends one request
    /// (with the caller's retries).
    /// </summary>
    public static async Task<(AuthenticationHeaderValue? Authorization, int Status)> BearerAsync(
        Func<Func<HttpRequestMessage>, CancellationToken, Task<HttpResponseMessage>> send, AuthenticationHeaderValue challenge, RegistryCredentials credentials, string registry, string repository, CancellationToken cancellationToken)
    {
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        var realm = parameters.GetValueOrDefault("realm") ?? throw new RegistryException($"The registry {registry} sent a Bearer challenge without a realm.");
        var query = $"?service={Uri.EscapeDataString(parameters.GetValueOrDefault("service") ?? registry)}&scope={Uri.EscapeDataString($"repository:{repository}:pull,push")}";
        using var answer = await send(() => new HttpRequestMessage(HttpMethod.Get, realm + query) { Headers = { Authorization = Basic(credentials) } }, cancellationToken);
        if (!answer.IsSuccessStatusCode)
            return (null, (int)answer.StatusCode);
        using var token = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
        var value = token.RootElement.TryGetProperty("token", out var named) ? named.GetString() : token.RootElement.TryGetProperty("access_token", out var access) ? access.GetString() : null;
        return (value is null ? null : new AuthenticationHeaderValue("Bearer", value), (int)answer.StatusCode);
    }

    /// <summary>The <c>key="value"</c> pairs of a challenge's parameter.</summary>
    public static Dictionary<string, string> ChallengeParameters(string parameter) =>
        parameter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'), StringComparer.OrdinalIgnoreCase);
}
