using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Pipeline.Build;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Report.Publishing;

/// <summary>
/// The sticky note on a GitLab merge request, through GitLab's REST API v4 (the GitLabApiClient and NGitLab
/// packages are not obtainable here): list notes page by page (X-Next-Page), then PUT ours or POST a new one.
/// </summary>
internal sealed class GitLabNotePublisher(HttpClient http, Uri apiUrl, string projectId, int mergeRequest, string accessToken, TimeSpan? firstRetryDelay = null, string marker = ReportContent.Marker) : IReportPublisher
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is TransientHostException or HttpRequestException);

    private string NotesPath => $"{apiUrl.ToString().TrimEnd('/')}/projects/{Uri.EscapeDataString(projectId)}/merge_requests/{mergeRequest}/notes";

    /// <inheritdoc />
    public async Task<string> PublishAsync(string body, CancellationToken cancellationToken)
    {
        Note? ours = null;
        for (var page = "1"; page is { Length: > 0 } && ours is null;)
        {
            var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{NotesPath}?per_page=100&page={page}&sort=asc"), cancellationToken);
            var notes = await response.Content.ReadFromJsonAsync<List<Note>>(cancellationToken) ?? [];
            ours = notes.FirstOrDefault(note => StickyComment.IsOurs(note.Body, marker));
            page = response.Headers.TryGetValues("X-Next-Page", out var next) ? next.FirstOrDefault() : null;
        }

        var written = ours is null
            ? await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, NotesPath) { Content = JsonContent.Create(new { body }) }, cancellationToken)
            : await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"{NotesPath}/{ours.Id.ToString(CultureInfo.InvariantCulture)}") { Content = JsonContent.Create(new { body }) }, cancellationToken);
        var note = await written.Content.ReadFromJsonAsync<Note>(cancellationToken);
        return $"note {note?.Id ?? ours?.Id}";
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
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
                return response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => throw new ReportPublishException($"GitLab rejected the token (401) at {apiUrl}: set GITLAB_TOKEN to a project or personal access token with the api scope."),
                    HttpStatusCode.Forbidden => throw new ReportPublishException(
                        $"GitLab refused to write the note on merge request !{mergeRequest} of project {projectId} (403): the token lacks permission. Use a token with the api scope and at least the Reporter role (CI_JOB_TOKEN cannot write notes)."),
                    HttpStatusCode.NotFound => throw new ReportPublishException($"Merge request !{mergeRequest} of project {projectId} was not found (404): check --report-pull-request and the project id."),
                    _ when !response.IsSuccessStatusCode => throw new ReportPublishException($"GitLab answered {(int)response.StatusCode} {response.ReasonPhrase} for {message.Method} {message.RequestUri?.AbsolutePath}."),
                    _ => response,
                };
            }, cancellationToken);
        }
        catch (TransientHostException exception)
        {
            throw new ReportPublishException($"GitLab kept failing ({exception.StatusCode}) after 3 retries; try again later.");
        }
    }

    private sealed record Note([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("body")] string? Body);

    private sealed class TransientHostException(int statusCode) : Exception($"HTTP {statusCode}")
    {
        public int StatusCode { get; } = statusCode;
    }
}
