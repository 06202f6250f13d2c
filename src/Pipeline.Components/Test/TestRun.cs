using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Restore;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Test;

/// <summary>One run of <c>dotnet test</c>: fresh TRX results, the plain summary line written and printed, failures explained.</summary>
internal static class TestRun
{
    public static async Task RunAsync(ITest build, TestSettings settings, CancellationToken cancellationToken)
    {
        var results = build.RootDirectory / settings.ResultsDirectory;
        if (Directory.Exists(results))
            Directory.Delete(results, recursive: true);
        var solution = settings.Solution ?? SolutionFinder.Find(build.RootDirectory);
        List<string> arguments = ["test", solution, "--no-restore", "--nologo", "--logger", "trx", "--results-directory", results];
        if (settings.Filter is { Length: > 0 } filter)
            arguments.AddRange(["--filter", filter]);
        ToolFailedException? failure = null;
        try
        {
            await ProcessRunner.RunAsync(build.Log, "dotnet", arguments, build.RootDirectory, cancellationToken);
        }
        catch (ToolFailedException exception)
        {
            failure = exception; // failing tests: the summary below says how many
        }

        var summary = TestSummary.FromTrxDirectory(results);
        AtomicFile.WriteAllText(build.RootDirectory / settings.SummaryFile, summary + "\n");
        build.Log.Info(summary.ToString());
        if (failure is not null || summary.Failed > 0)
            throw new TargetFailedException($"{summary}; see the failures above and the TRX files in {settings.ResultsDirectory}/.");
        if (summary.Passed == 0)
            throw new TargetFailedException($"No test ran ({summary}). Check the filter and that test projects are in the solution.");
    }
}
