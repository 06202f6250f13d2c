using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;

namespace Pipeline.Components.Storage;

/// <summary>
/// Credentials for Google's client that ask <paramref name="accessToken"/> for each request, so the store decides how a
/// token is got, timed out, masked and explained (a key, or workload identity federation).
/// </summary>
internal sealed class BearerTokens(Func<CancellationToken, Task<string>> accessToken) : ICredential, IHttpExecuteInterceptor
{
    /// <inheritdoc />
    public void Initialize(ConfigurableHttpClient httpClient) => httpClient.MessageHandler.AddExecuteInterceptor(this);

    /// <inheritdoc />
    public async Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));

    /// <inheritdoc />
    public Task<string> GetAccessTokenForRequestAsync(string? authUri = null, CancellationToken cancellationToken = default) => accessToken(cancellationToken);
}
