using System.Net;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.CodeHost;

/// <summary>
/// Calls to GitLab's REST API v4 with an access token (PRIVATE-TOKEN), retrying 5xx answers and dropped connections;
/// any other failure becomes a <see cref="ReportPublishException"/> with the caller's explanation of it.
/// </summary>
public sealed class GitLabRequests(HttpClient http, Uri apiUrl, string accessToken, TimeSpan? firstRetryDelay = null, string tokenVariable = "GITLAB_TOKEN")
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is TransientHostException or HttpRequestException);

    /// <summary>The API's base URL, without a trailing slash.</summary>
    public string ApiUrl => apiUrl.ToString().TrimEnd('/');

    /// <summary>Sends the request (built anew for each try); <paramref name="explain"/> turns a 4xx into the message naming the fix.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, Func<HttpStatusCode, string?> explain, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async token =>
            {
                using var message = request();
                message.Headers.Add("PRIVATE-TOKEN", accessToken);
                var response = await http.SendAsync(message, token);
                if ((int)response.StatusCode >= 500)
                    throw new TransientHostException((int)response.StatusCode);
                if (response.IsSuccessStatusCode)
                    return response;
                throw new ReportPublishException(response.StatusCode == HttpStatusCode.Unauthorized
                    ? $"GitLab rejected the token (401) at {apiUrl}: set {tokenVariable} to a project or personal access token with the api scope."
                    : explain(response.StatusCode) ?? $"GitLab answered {(int)response.StatusCode} {response.ReasonPhrase} for {message.Method} {message.RequestUri?.AbsolutePath}.");
            }, cancellationToken);
        }
        catch (TransientHostException exception)
        {
            throw new ReportPublishException($"GitLab kept failing ({exception.StatusCode}) after 3 retries; try again later.");
        }
    }

    private sealed class TransientHostException(int statusCode) : Exception($"HTTP {statusCode}")
    {
        public int StatusCode { get; } = statusCode;
    }
}
