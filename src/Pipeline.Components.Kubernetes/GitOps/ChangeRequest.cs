namespace Pipeline.Components.Deploy.GitOps;

/// <summary>An open pull or merge request: its number (GitHub) or IID (GitLab), and its web address.</summary>
internal sealed record ChangeRequest(long Number, string Url);
