using Pipeline.Build;

namespace Pipeline.Components.Test;

/// <summary>How Test runs <c>dotnet test</c>. Change it in <see cref="ITest.ConfigureTest"/>.</summary>
public sealed record TestSettings
{
    /// <summary>The solution or project to test; null tests the single solution at the root.</summary>
    public string? Solution { get; init; }

    /// <summary>A <c>dotnet test --filter</c> expression, or null for every test.</summary>
    public string? Filter { get; init; }

    /// <summary>Where TRX files go, relative to the root.</summary>
    public string ResultsDirectory { get; init; } = $"{BuildLayout.TemporaryDirectory}/test-results";

    /// <summary>Where the plain summary line is written, relative to the root.</summary>
    public string SummaryFile { get; init; } = $"{BuildLayout.TemporaryDirectory}/test-summary.txt";
}
