using Pipeline.Build;
using Pipeline.CI.Declaration;

namespace Pipeline.Components.CI;

/// <summary>The generated CI files of a build: relative path and content.</summary>
internal static class CiFiles
{
    /// <summary>The files of the chosen CI systems, for target descriptions.</summary>
    public static string Describe(CiPipeline pipeline) => string.Join(" and ", Pipeline.CI.CiFileGenerator.Paths(pipeline));

    public static IReadOnlyList<(string Path, string Content)> Generate(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        try
        {
            return Pipeline.CI.CiFileGenerator.Generate(pipeline, targets);
        }
        catch (CiDeclarationException exception)
        {
            throw new TargetFailedException(exception.Message);
        }
    }
}
