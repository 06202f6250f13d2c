using System.Diagnostics;
using CliWrap;
using Pipeline.IntegrationTests;
using Pipeline.Tests.Shared;

namespace Pipeline.Bench;

/// <summary>
/// What a job of the generated GitLab CI costs around its target: this repository's .gitlab-ci.yml run by
/// gitlab-ci-local with podman in the Debian 13 runner image of the integration tests (no container tool, the SDK
/// copied in), its check-ci job first with an empty CI cache, then with the cache the first run left. Every line is
/// timed as it arrives: the job starting, the build's "Running CheckCI" header (the target starts), "Build
/// succeeded" (it ends), the job finishing (the cache saved).
///   dotnet run --project bench/Pipeline.Bench -c Release -- ci [warm-rounds]
/// </summary>
internal static class CiOverheadBenchmark
{
    private const string Job = "check-ci";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var rounds = args.Count > 0 ? int.Parse(args[0]) : 3;
        var token = CancellationToken.None;
        Console.WriteLine("Preparing the runner image (built once, then kept in .nuke/temp/runner-image) and a clone...");
        var image = await DebianRunnerImage.EnsureAsync(token);
        var work = Directory.CreateTempSubdirectory("pipeline-bench-ci-").FullName;
        try
        {
            var clone = await CloneAsync(Path.Combine(work, "repository"), token);
            var wrapper = await PodmanWrapperAsync(work, image, token);
            var runs = new List<(string Name, JobTimes Times)> { ("empty CI cache (compiles the build)", await RunJobAsync(clone, wrapper, image, token)) };
            for (var round = 1; round <= rounds; round++)
                runs.Add(($"warm CI cache, run {round}", await RunJobAsync(clone, wrapper, image, token)));

            Console.WriteLine();
            Console.WriteLine($"gitlab-ci-local, job {Job} (./build.sh CheckCI) in {image.Name}, on {Environment.ProcessorCount} cores:");
            Console.WriteLine($"{"run",-40} {"job start -> target",20} {"target",8} {"target -> job end",18} {"whole job",10}");
            foreach (var (name, times) in runs)
                Console.WriteLine($"{name,-40} {times.BeforeTarget.TotalSeconds,18:0.00} s {times.Target.TotalSeconds,6:0.00} s {times.AfterTarget.TotalSeconds,16:0.00} s {times.Whole.TotalSeconds,8:0.00} s");
            Console.WriteLine();
            Console.WriteLine("The last run's output, each line timed as it arrived:");
            foreach (var line in runs[^1].Times.Lines)
                Console.WriteLine("  " + line);
            var warm = runs.Skip(1).Select(run => run.Times.BeforeTarget.TotalMilliseconds).ToList();
            Console.WriteLine($"overhead before the target with the cache warm, median: {Measure.Median(warm) / 1000:0.00} s (container start, checkout, cache restore, ./build.sh finding its compiled build, the build's start)");
            return 0;
        }
        finally
        {
            await image.PodmanAsync(["rm", "--all", "--force"], token, check: false);
            await image.PodmanAsync(["volume", "prune", "--force"], token, check: false);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<JobTimes> RunJobAsync(string clone, string wrapper, DebianRunnerImage image, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? started = null, targetStarted = null, targetEnded = null;
        var lines = new List<string>();
        void Seen(string line)
        {
            lock (lines)
            {
                lines.Add($"{clock.Elapsed.TotalSeconds,7:0.00} s  {line}");
                var text = line.TrimStart();
                if (!text.StartsWith(Job, StringComparison.Ordinal))
                    return;
                var rest = text[Job.Length..].TrimStart();
                if (rest.StartsWith("starting ", StringComparison.Ordinal))
                    started ??= clock.Elapsed;
                else if (rest.StartsWith('>') && rest[1..].TrimStart().StartsWith("Running CheckCI", StringComparison.Ordinal))
                    targetStarted ??= clock.Elapsed;
                else if (rest.StartsWith('>') && rest[1..].TrimStart().StartsWith("Build succeeded in", StringComparison.Ordinal)) // centred under the table
                    targetEnded ??= clock.Elapsed;
            }
        }

        var nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages");
        var result = await Cli.Wrap("node").WithWorkingDirectory(clone).WithValidation(CommandResultValidation.None)
            .WithArguments([
                "--require", Path.Combine(RepositoryRoot.Path, "tools/set-methods-polyfill.cjs"), Path.Combine(RepositoryRoot.Path, "node_modules/gitlab-ci-local/dist/index.js"),
                "--container-executable", wrapper, "--pull-policy", "if-not-present", "--helper-image", image.HelperName,
                "--network", "host", "--no-color", "--ca-file", "/etc/ssl/certs/ca-certificates.crt",
                "--variable", "NUGET_CERT_REVOCATION_MODE=" + (Environment.GetEnvironmentVariable("NUGET_CERT_REVOCATION_MODE") ?? "online"),
                "--volume", $"{nuget}:/nuget", "--ignore-predefined-vars", "CI_COMMIT_BRANCH", "--variable", "CI_COMMIT_BRANCH=main",
                "--variable", $"PIPELINE_JOB_IMAGE={image.Name}", "--variable", "NUGET_PACKAGES=/nuget",
                Job,
            ])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Seen)).WithStandardErrorPipe(PipeTarget.ToDelegate(Seen))
            .ExecuteAsync(token);
        var whole = clock.Elapsed;
        if (result.ExitCode != 0 || started is null || targetStarted is null || targetEnded is null)
            throw new InvalidOperationException($"The {Job} job did not run as expected (exit {result.ExitCode}):\n{string.Join('\n', lines)}");
        return new JobTimes(targetStarted.Value - started.Value, targetEnded.Value - targetStarted.Value, whole - targetEnded.Value, whole - started.Value, lines);
    }

    /// <summary>podman on the runner image's storage, as gitlab-ci-local's container executable.</summary>
    private static async Task<string> PodmanWrapperAsync(string work, DebianRunnerImage image, CancellationToken token)
    {
        var wrapper = Path.Combine(work, "podman");
        await File.WriteAllTextAsync(wrapper, $"""
            #!/bin/sh
            export CONTAINERS_CONF='{image.PodmanEnvironment["CONTAINERS_CONF"]}' CONTAINERS_STORAGE_CONF='{image.PodmanEnvironment["CONTAINERS_STORAGE_CONF"]}'
            exec podman "$@"
            """, token);
        await Cli.Wrap("chmod").WithArguments(["+x", wrapper]).ExecuteAsync(token);
        return wrapper;
    }

    /// <summary>This repository's tracked files as they are in the work tree, committed into a new repository.</summary>
    private static async Task<string> CloneAsync(string root, CancellationToken token)
    {
        await WorkTreeCopy.CopyTrackedFilesAsync(root, token);
        await WorkTreeCopy.CommitAllAsync(root, token);
        return root;
    }

    private sealed record JobTimes(TimeSpan BeforeTarget, TimeSpan Target, TimeSpan AfterTarget, TimeSpan Whole, IReadOnlyList<string> Lines);
}
