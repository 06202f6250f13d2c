namespace Pipeline.CI.Declaration;

/// <summary>The CI systems GenerateCI writes a pipeline for.</summary>
[Flags]
public enum CiDialects
{
    /// <summary>GitHub Actions (.github/workflows/).</summary>
    GitHub = 1,

    /// <summary>GitLab CI (.gitlab-ci.yml).</summary>
    GitLab = 2,

    /// <summary>Both.</summary>
    All = GitHub | GitLab,
}
