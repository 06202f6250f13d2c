using Pipeline.Components.Tooling;

namespace Pipeline.Components.CI;

/// <summary>A unified diff of two texts. Delegates to <c>git diff --no-index</c>: git is on every machine that has a checkout, and no diff package is on our list.</summary>
internal static class UnifiedDiff
{
    public static async Task<string> BetweenAsync(string label, string expected, string actual, CancellationToken cancellationToken, string before = "committed", string after = "generated")
    {
        var directory = Directory.CreateTempSubdirectory("pipeline-diff-");
        try
        {
            var committed = Path.Combine(directory.FullName, "committed");
            var generated = Path.Combine(directory.FullName, "generated");
            await File.WriteAllTextAsync(committed, expected, cancellationToken);
            await File.WriteAllTextAsync(generated, actual, cancellationToken);
            var diff = await ProcessRunner.CaptureAsync(
                new ToolCommand("git", ["diff", "--no-index", "--no-color", $"--src-prefix={before}/", $"--dst-prefix={after}/", "committed", "generated"], directory.FullName) { ThrowOnFailure = false },
                cancellationToken);
            return diff.StandardOutput.Replace($"{before}/committed", $"{before}/{label}").Replace($"{after}/generated", $"{after}/{label}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
