using Pipeline.Build;
using Pipeline.Components.Restore;

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
        .Executes(cancellationToken => TestRun.RunAsync(this, TestSettings, cancellationToken));
}
