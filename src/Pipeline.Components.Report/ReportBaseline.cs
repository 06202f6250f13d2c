namespace Pipeline.Components.Report;

/// <summary>The branch a report compares with: the parameter, else the pull/merge request's target branch from the CI environment, else main.</summary>
internal static class ReportBaseline
{
    public static string Reference(string? parameter, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(parameter))
            return parameter;
        if (environment("GITHUB_BASE_REF") is { Length: > 0 } githubBase)
            return "origin/" + githubBase;
        if (environment("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") is { Length: > 0 } gitlabBase)
            return "origin/" + gitlabBase;
        return "main";
    }
}
