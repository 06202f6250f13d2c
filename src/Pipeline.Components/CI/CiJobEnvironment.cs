namespace Pipeline.Components.CI;

/// <summary>Whether the build runs as a job of GitHub Actions or GitLab CI.</summary>
internal static class CiJobEnvironment
{
    /// <summary>GITHUB_ACTIONS=true, or a GitLab job id (gitlab-ci-local sets GITLAB_CI to false, but the job id).</summary>
    public static bool IsCiJob(Func<string, string?> environment) =>
        environment("GITHUB_ACTIONS") == "true" || !string.IsNullOrEmpty(environment("CI_JOB_ID"));
}
