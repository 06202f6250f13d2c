using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Pipeline.Components.CodeHost;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// After a merge, the deploy on main adds (or updates) a note on the merged GitLab merge request: the commit's merge
/// requests come from <c>GET /projects/:id/repository/commits/:sha/merge_requests</c> (REST API v4).
/// </summary>
internal sealed class MergedMergeRequestReply(HttpClient http, Uri apiUrl, string projectId, string accessToken, TimeSpan? firstRetryDelay = null) : IDeployListener
{
    private readonly GitLabRequests gitlab = new(http, apiUrl, accessToken, firstRetryDelay);

    /// <inheritdoc />
    public string Name => "note on the merged merge request";

    /// <inheritdoc />
    public Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        var url = $"{gitlab.ApiUrl}/projects/{Uri.EscapeDataString(projectId)}/repository/commits/{news.Commit}/merge_requests";
        try
        {
            using var response = await gitlab.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url),
                status => $"GitLab did not list the merge requests of the commit ({(int)status}): GITLAB_TOKEN needs the api scope on project {projectId}.", cancellationToken);
            var requests = await response.Content.ReadFromJsonAsync<List<MergeRequest>>(cancellationToken) ?? [];
            if (requests.FirstOrDefault(request => request.State == "merged") is not { } merged)
                return; // a direct push: no thread to answer in
            var marker = DeployReply.Marker(news.Environment);
            await new GitLabNotePublisher(http, apiUrl, projectId, merged.Iid, accessToken, firstRetryDelay, marker).PublishAsync(DeployMessage.Markdown(news, marker), cancellationToken);
        }
        catch (ReportPublishException exception)
        {
            throw new NotificationException(exception.Message);
        }
    }

    private sealed record MergeRequest([property: JsonPropertyName("iid")] int Iid, [property: JsonPropertyName("state")] string? State);
}
