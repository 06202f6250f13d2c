using DiffPlex.Renderer;

namespace Pipeline.Components.CI;

/// <summary>A unified diff of two texts (DiffPlex), with the file named under two labels: <c>--- committed/x</c>, <c>+++ generated/x</c>.</summary>
public static class UnifiedDiff
{
    /// <summary>A unified diff of <paramref name="expected"/> against <paramref name="actual"/>, headed with <paramref name="label"/> and the two sides' names; empty when they are equal.</summary>
    public static string Between(string label, string expected, string actual, string before = "committed", string after = "generated") =>
        expected == actual ? "" : UnidiffRenderer.Instance.Generate(expected, actual, $"{before}/{label}", $"{after}/{label}");
}
