namespace Pipeline.CI.Declaration;

/// <summary>When a job runs in the generated pipelines.</summary>
public enum CiCondition
{
    /// <summary>On pull/merge requests and on the main branch.</summary>
    Always,

    /// <summary>Only on pull requests (GitHub) and merge requests (GitLab), like a report comment.</summary>
    PullRequest,

    /// <summary>Only on pushes to the main branch, like push and deploy.</summary>
    MainBranch,
}
