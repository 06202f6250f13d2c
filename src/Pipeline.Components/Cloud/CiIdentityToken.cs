using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipeline.Components.Cloud;

/// <summary>
/// The CI's OpenID Connect token, the root of keyless sign-in: GitHub Actions mints one per audience on request
/// (<c>ACTIONS_ID_TOKEN_REQUEST_URL</c>, needs <c>permissions: id-token: write</c>); GitLab puts the one its
/// <c>id_tokens:</c> declares in <see cref="Variable"/>; a pod with a projected token names its file.
/// </summary>
internal static class CiIdentityToken
{
    /// <summary>The variable the generated GitLab job's <c>id_tokens:</c> fills (and any CI may set).</summary>
    public const string Variable = Pipeline.CI.Declaration.CiJob.IdentityTokenVariable;

    /// <summary>Whether this job can get a token at all (a fork's pull request on GitHub, for one, cannot).</summary>
    public static bool IsAvailable(Func<string, string?> environment) =>
        environment(Variable) is { Length: > 0 } || environment("ACTIONS_ID_TOKEN_REQUEST_TOKEN") is { Length: > 0 };

    /// <summary>The token for <paramref name="audience"/>, masked; <paramref name="tokenFileVariable"/> names a cloud's own projected-token file variable.</summary>
    public static async Task<string> GetAsync(CloudAccounts accounts, string audience, string? tokenFileVariable, CancellationToken cancellationToken)
    {
        var token = await ReadAsync(accounts.Environment, accounts.Http, audience, tokenFileVariable, accounts.Mask, cancellationToken);
        accounts.Mask(token);
        return token;
    }

    private static async Task<string> ReadAsync(Func<string, string?> environment, HttpClient http, string audience, string? tokenFileVariable, Action<string> mask, CancellationToken cancellationToken)
    {
        if (environment(Variable) is { Length: > 0 } token)
            return token.Trim();
        if (tokenFileVariable is not null && environment(tokenFileVariable) is { Length: > 0 } file && File.Exists(file))
            return (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        if (environment("ACTIONS_ID_TOKEN_REQUEST_URL") is not { Length: > 0 } url)
            throw new CloudSignInException(
                $"Keyless sign-in needs the CI's OIDC token (audience {audience}): on GitHub Actions give the job 'permissions: id-token: write'; on GitLab declare 'id_tokens: {Variable}: aud: {audience}' (the generated CI does both for jobs declared WithIdentityToken).");
        if (environment("ACTIONS_ID_TOKEN_REQUEST_TOKEN") is not { Length: > 0 } requestToken)
            throw new CloudSignInException("ACTIONS_ID_TOKEN_REQUEST_TOKEN is missing: the job needs 'permissions: id-token: write'.");
        mask(requestToken); // it mints tokens for any audience while the job runs

        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}{separator}audience={Uri.EscapeDataString(audience)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new CloudSignInException($"GitHub refused an OIDC token for audience {audience} ({(int)response.StatusCode}); check the job has 'permissions: id-token: write'.");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("value", out var value) && value.GetString() is { Length: > 0 } jwt
                ? jwt
                : throw new CloudSignInException("GitHub's OIDC token endpoint answered without a token.");
        }
        catch (HttpRequestException exception)
        {
            throw new CloudSignInException($"GitHub's OIDC token endpoint is unreachable ({exception.Message}).", exception);
        }
    }
}
