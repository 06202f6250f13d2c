using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Pipeline.Components.Report.Publishing;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// After a merge, the deploy on main adds (or updates) a note on the merged GitLab merge request: the commit's merge
/// requests come from <c>GET /projects/:id/repository/commits/:sha/merge_requests</c> (REST API v4).
/// </summary>
internal sealed class MergedMergeRequestReply(HttpClient http, Uri apiUrl, string projectId, string accessToken, TimeSpan? firstRetryDelay = null) : IDeployListener
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError });

    /// <inheritdoc />
    public string Name => "note on the merged merge request";

    /// <inheritdoc />
    public Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        var url = $"{apiUrl.ToString().TrimEnd('/')}/projects/{Uri.EscapeDataString(projectId)}/repository/commits/{news.Commit}/merge_requests";
        List<MergeRequest> requests;
        try
        {
            requests = await retry.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("PRIVATE-TOKEN", accessToken);
                using var response = await http.SendAsync(request, token);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<List<MergeRequest>>(token) ?? [];
            }, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new NotificationException($"GitLab did not list the merge requests of the commit ({(int?)exception.StatusCode ?? 0}): GITLAB_TOKEN needs the api scope on project {projectId}.");
        }

        if (requests.FirstOrDefault(request => request.State == "merged") is not { } merged)
            return; // a direct push: no thread to answer in
        var marker = DeployReply.Marker(news.Environment);
        try
        {
            await new GitLabNotePublisher(http, apiUrl, projectId, merged.Iid, accessToken, firstRetryDelay, marker).PublishAsync(DeployMessage.Markdown(news, marker), cancellationToken);
        }
        catch (ReportPublishException exception)
        {
            throw new NotificationException(exception.Message);
        }
    }

    private sealed record MergeRequest([property: JsonPropertyName("iid")] int Iid, [property: JsonPropertyName("state")] string? State);
}
