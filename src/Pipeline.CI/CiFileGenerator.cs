using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.CI.GitHub;
using Pipeline.CI.GitLab;

namespace Pipeline.CI;

/// <summary>
/// The CI files of a declared pipeline, as pure functions of the declaration and the build's target graph: the GitHub
/// Actions workflow and the GitLab CI pipeline the declaration's dialects ask for, each with its path in the repository
/// and its deterministic YAML text (with the "generated, do not edit" header).
/// </summary>
public static class CiFileGenerator
{
    /// <summary>The relative paths of the files <see cref="Generate"/> writes for <paramref name="pipeline"/>.</summary>
    public static IReadOnlyList<string> Paths(CiPipeline pipeline) =>
    [
        .. pipeline.Dialects.HasFlag(CiDialects.GitHub) ? [GitHubWorkflowGenerator.PathOf(pipeline)] : Array.Empty<string>(),
        .. pipeline.Dialects.HasFlag(CiDialects.GitLab) ? [GitLabPipelineGenerator.FilePath] : Array.Empty<string>(),
    ];

    /// <summary>Relative path → YAML text of every file the pipeline's <see cref="CiPipeline.Dialects"/> ask for.</summary>
    /// <exception cref="CiDeclarationException">The declaration names a target, secret or artifact the graph does not have.</exception>
    public static IReadOnlyList<(string Path, string Content)> Generate(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        var files = new List<(string Path, string Content)>();
        if (pipeline.Dialects.HasFlag(CiDialects.GitHub))
            files.Add((GitHubWorkflowGenerator.PathOf(pipeline), GitHubWorkflowWriter.Write(GitHubWorkflowGenerator.Generate(pipeline, targets))));
        if (pipeline.Dialects.HasFlag(CiDialects.GitLab))
            files.Add((GitLabPipelineGenerator.FilePath, GitLabPipelineWriter.Write(GitLabPipelineGenerator.Generate(pipeline, targets))));
        return files;
    }
}
