namespace Pipeline.CI.GitLab;

/// <summary>An entry of <c>needs:</c>: a job, and whether its artifacts are fetched.</summary>
internal sealed record GitLabNeed(string Job, bool Artifacts);
