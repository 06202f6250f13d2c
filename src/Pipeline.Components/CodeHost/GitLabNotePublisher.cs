using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Components.CodeHost;

/// <summary>
/// The sticky note on a GitLab merge request, through GitLab's REST API v4 (the GitLabApiClient and NGitLab
/// packages are not obtainable here): list notes page by page (X-Next-Page), then PUT ours or POST a new one.
/// </summary>
internal sealed class GitLabNotePublisher(HttpClient http, Uri apiUrl, string projectId, int mergeRequest, string accessToken, TimeSpan? firstRetryDelay = null, string marker = CommentMarker.Report) : IReportPublisher
{
    private readonly GitLabRequests gitlab = new(http, apiUrl, accessToken, firstRetryDelay);

    private string NotesPath => $"{gitlab.ApiUrl}/projects/{Uri.EscapeDataString(projectId)}/merge_requests/{mergeRequest}/notes";

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

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        gitlab.SendAsync(request, status => status switch
        {
            HttpStatusCode.Forbidden =>
                $"GitLab refused to write the note on merge request !{mergeRequest} of project {projectId} (403): the token lacks permission. Use a token with the api scope and at least the Reporter role (CI_JOB_TOKEN cannot write notes).",
            HttpStatusCode.NotFound => $"Merge request !{mergeRequest} of project {projectId} was not found (404): check --report-pull-request and the project id.",
            _ => null,
        }, cancellationToken);

    private sealed record Note([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("body")] string? Body);
}
