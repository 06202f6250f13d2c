using Pipeline.CI.Declaration;
using Pipeline.Components.CI;

partial class Build
{
    /// <summary>
    /// The jobs of .github/workflows/pipeline.yml and .gitlab-ci.yml (./build.sh GenerateCI writes both).
    /// Report (pull requests) and Containerize, Push, Deploy (main) join as those targets land.
    /// </summary>
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
        .Job("Train")
        .Job("Test");
}
