namespace Pipeline.Components.CodeHost;

/// <summary>The code host's addresses as its CI sets them (GITHUB_*, CI_*), with the public hosts as defaults.</summary>
internal static class CiEnvironment
{
    /// <summary>GitHub's REST API (GITHUB_API_URL: a GitHub Enterprise Server, or a fake).</summary>
    public static Uri GitHubApi(Func<string, string?> environment) => new(environment("GITHUB_API_URL") ?? "https://api.github.com");

    /// <summary>GitLab's REST API v4 (CI_API_V4_URL).</summary>
    public static Uri GitLabApi(Func<string, string?> environment) => new(environment("CI_API_V4_URL") ?? "https://gitlab.com/api/v4");

    /// <summary>The GitHub Actions run of <paramref name="repository"/> (owner/name).</summary>
    public static string GitHubRun(Func<string, string?> environment, string? repository) =>
        $"{environment("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}/actions/runs/{environment("GITHUB_RUN_ID")}";
}
