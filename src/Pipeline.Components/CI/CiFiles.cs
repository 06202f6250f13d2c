using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.CI.GitHub;
using Pipeline.CI.GitLab;

namespace Pipeline.Components.CI;

/// <summary>The generated CI files of a build: relative path and content.</summary>
internal static class CiFiles
{
    public static IReadOnlyList<(string Path, string Content)> Generate(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        try
        {
            var files = new List<(string Path, string Content)>();
            if (pipeline.Dialects.HasFlag(CiDialects.GitHub))
                files.Add((GitHubWorkflowGenerator.PathOf(pipeline), GitHubWorkflowWriter.Write(GitHubWorkflowGenerator.Generate(pipeline, targets))));
            if (pipeline.Dialects.HasFlag(CiDialects.GitLab))
                files.Add((GitLabPipelineGenerator.FilePath, GitLabPipelineWriter.Write(GitLabPipelineGenerator.Generate(pipeline, targets))));
            return files;
        }
        catch (CiDeclarationException exception)
        {
            throw new TargetFailedException(exception.Message);
        }
    }
}
