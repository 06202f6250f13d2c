namespace Pipeline.CI.GitLab;

/// <summary>An entry of <c>needs:</c>: a job, and whether its artifacts are fetched.</summary>
public sealed record GitLabNeed(string Job, bool Artifacts);
