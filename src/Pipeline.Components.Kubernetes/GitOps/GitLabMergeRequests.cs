using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Components.CodeHost;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>Merge requests on GitLab through its REST API v4; the token needs the api scope (and write_repository for the push).</summary>
internal sealed class GitLabMergeRequests(GitLabRequests requests, string project) : IChangeRequests
{
    private string Project => $"{requests.ApiUrl}/projects/{Uri.EscapeDataString(project)}/merge_requests";

    public async Task<ChangeRequest?> FindOpenAsync(string head, string target, CancellationToken cancellationToken)
    {
        var url = $"{Project}?state=opened&source_branch={Uri.EscapeDataString(head)}&target_branch={Uri.EscapeDataString(target)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var found = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return found.RootElement.ValueKind == JsonValueKind.Array && found.RootElement.GetArrayLength() > 0 ? Read(found.RootElement[0]) : null;
    }

    public async Task<ChangeRequest> OpenAsync(string head, string target, string title, string description, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Project)
        {
            Content = JsonContent.Create(new Dictionary<string, object> { ["source_branch"] = head, ["target_branch"] = target, ["title"] = title, ["description"] = description, ["remove_source_branch"] = true }),
        }, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public async Task<ChangeRequest> UpdateAsync(ChangeRequest request, string title, string description, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"{Project}/{request.Number}")
        {
            Content = JsonContent.Create(new Dictionary<string, object> { ["title"] = title, ["description"] = description }),
        }, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            return await requests.SendAsync(request, status => status switch
            {
                HttpStatusCode.Forbidden => $"GitLab refused the merge request on {project} (403): GITOPS_TOKEN needs the api scope and Developer access.",
                HttpStatusCode.NotFound => $"GitLab does not show the project {project} to this token (404): check --gitops-project.",
                HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => $"GitLab did not accept the merge request on {project} ({(int)status}).",
                _ => null,
            }, cancellationToken);
        }
        catch (ReportPublishException exception)
        {
            throw new GitOpsException(exception.Message, exception);
        }
    }

    private static async Task<ChangeRequest> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return Read(document.RootElement);
    }

    private static ChangeRequest Read(JsonElement request) => new(request.GetProperty("iid").GetInt64(), request.GetProperty("web_url").GetString() ?? "");
}
