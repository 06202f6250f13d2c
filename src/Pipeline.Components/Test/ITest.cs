using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Restore;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Test;

/// <summary>Test: <c>dotnet test</c> with TRX results, ending with the plain line <c>N passed, N failed</c>.</summary>
public interface ITest : IRestore
{
    /// <summary>Only tests matching this <c>dotnet test --filter</c> expression.</summary>
    [Parameter("Only run tests matching this dotnet test --filter expression")]
    string? TestFilter => Parameter<string?>(null);

    /// <summary>The defaults from the parameters, before <see cref="ConfigureTest"/>.</summary>
    sealed TestSettings TestSettingsBase => new() { Filter = TestFilter };

    /// <summary>The settings of this run: <see cref="TestSettingsBase"/> through <see cref="ConfigureTest"/>, evaluated once.</summary>
    sealed TestSettings TestSettings => Settings(() => ConfigureTest(TestSettingsBase));

    /// <summary>Override to change what is tested.</summary>
    TestSettings ConfigureTest(TestSettings settings) => settings;

    /// <summary>Runs every test project.</summary>
    Target Test => _ => _
        .Description("Run every test project (dotnet test) and print 'N passed, N failed'")
        .DependsOn(Restore)
        .Executes(async cancellationToken =>
        {
            var settings = TestSettings;
            var results = RootDirectory / settings.ResultsDirectory;
            if (Directory.Exists(results))
                Directory.Delete(results, recursive: true);
            var solution = settings.Solution ?? SolutionFinder.Find(RootDirectory);
            List<string> arguments = ["test", solution, "--no-restore", "--nologo", "--logger", "trx", "--results-directory", results];
            if (settings.Filter is { Length: > 0 } filter)
                arguments.AddRange(["--filter", filter]);
            Exception? failure = null;
            try
            {
                await ProcessRunner.RunAsync(Log, "dotnet", arguments, RootDirectory, cancellationToken);
            }
            catch (ToolFailedException exception)
            {
                failure = exception;
            }

            var summary = TestSummary.FromTrxDirectory(results);
            AtomicFile.WriteAllText(RootDirectory / settings.SummaryFile, summary + "\n");
            Log.Info(summary.ToString());
            if (failure is not null || summary.Failed > 0)
                throw new TargetFailedException($"{summary}; see the failures above and the TRX files in {settings.ResultsDirectory}/.");
            if (summary.Passed == 0)
                throw new TargetFailedException($"No test ran ({summary}). Check the filter and that test projects are in the solution.");
        });
}
