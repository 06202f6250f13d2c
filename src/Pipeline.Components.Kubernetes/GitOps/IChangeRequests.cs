using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>Pull requests (GitHub) or merge requests (GitLab) of the GitOps repository: one open request per head branch, kept up to date.</summary>
internal interface IChangeRequests
{
    /// <summary>The open request from <paramref name="head"/> into <paramref name="target"/>, or null.</summary>
    Task<ChangeRequest?> FindOpenAsync(string head, string target, CancellationToken cancellationToken);

    /// <summary>Opens a request from <paramref name="head"/> into <paramref name="target"/>.</summary>
    Task<ChangeRequest> OpenAsync(string head, string target, string title, string description, CancellationToken cancellationToken);

    /// <summary>Sets the title and description of an open request.</summary>
    Task<ChangeRequest> UpdateAsync(ChangeRequest request, string title, string description, CancellationToken cancellationToken);
}
