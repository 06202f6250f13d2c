using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>An open pull or merge request: its number (GitHub) or IID (GitLab), and its web address.</summary>
internal sealed record ChangeRequest(long Number, string Url);
