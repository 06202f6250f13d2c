using CliWrap.Buffered;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>Runs gitlab-ci-local (npm, installed by ./build.sh InstallTools) on Node 20 with the Set-methods polyfill it needs.</summary>
internal static class GitLabCiLocal
{
    private static readonly string Script = Path.Combine(RepositoryRoot.Path, "node_modules/gitlab-ci-local/dist/index.js");
    private static readonly string Polyfill = Path.Combine(RepositoryRoot.Path, "tools/set-methods-polyfill.cjs");

    /// <summary>Executes the repository's pipeline with the shell executor, each job in its own copy (artifacts and cache honoured).</summary>
    public static Task<BufferedCommandResult> RunAsync(SeedRepository repository, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(repository.Root, arguments, cancellationToken);

    /// <summary>Executes the pipeline of the git repository at <paramref name="root"/> (its committed files) with the shell executor.</summary>
    public static Task<BufferedCommandResult> RunAsync(string root, IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(Script))
            Assert.Fail($"gitlab-ci-local is not installed ({Script} is missing): run 'npm ci' in the repository root, or ./build.sh InstallTools.");
        return CliWrap.Cli.Wrap("node").WithWorkingDirectory(root).WithValidation(CliWrap.CommandResultValidation.None)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>()).WithArguments(
        [
            "--require", Polyfill, Script,
            "--force-shell-executor", "--shell-isolation", "--no-color",
            "--ignore-predefined-vars", "CI_COMMIT_BRANCH,CI_PIPELINE_SOURCE,CI_MERGE_REQUEST_IID",
            // the machine's NuGet folder instead of a per-job one under the project: no network restore per job
            "--variable", "NUGET_PACKAGES=" + Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages"),
            .. arguments,
        ]).ExecuteBufferedAsync(cancellationToken);
    }
}
