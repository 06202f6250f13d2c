using System.Net;
using System.Net.Http.Json;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// Posts the outcome of a deploy to a chat's incoming webhook (Slack, Teams), retrying 429 and 5xx answers and
/// dropped connections. The webhook URL is a secret: no message here contains it.
/// </summary>
internal sealed class WebhookNotifier(HttpClient http, Uri webhook, IWebhookFormat format, TimeSpan? firstRetryDelay = null) : IDeployListener
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is TransientAnswerException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException });

    /// <inheritdoc />
    public string Name => $"{format.Service} notification";

    /// <inheritdoc />
    public Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        var payload = format.Payload(news);
        try
        {
            await retry.ExecuteAsync(async token =>
            {
                using var response = await http.PostAsync(webhook, JsonContent.Create(payload), token);
                if (response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                    throw new TransientAnswerException((int)response.StatusCode);
                if (!response.IsSuccessStatusCode)
                    throw new NotificationException(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone
                        ? $"{format.Service} answered {(int)response.StatusCode}: the webhook is gone or revoked; create a new one and update its secret."
                        : $"{format.Service} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }, cancellationToken);
        }
        catch (TransientAnswerException exception)
        {
            throw new NotificationException($"{format.Service} kept failing ({exception.StatusCode}) after 3 retries.");
        }
        catch (HttpRequestException exception)
        {
            // HttpRequestException's message can carry the host; the URL's path is the secret and never is in it, but say less anyway
            throw new NotificationException($"{format.Service} could not be reached after 3 retries ({exception.HttpRequestError}).");
        }
    }

    private sealed class TransientAnswerException(int statusCode) : Exception($"HTTP {statusCode}")
    {
        public int StatusCode { get; } = statusCode;
    }
}
