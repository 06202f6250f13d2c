using DiffPlex.Renderer;

namespace Pipeline.Components.CI;

/// <summary>A unified diff of two texts (DiffPlex), with the file named under two labels: <c>--- committed/x</c>, <c>+++ generated/x</c>.</summary>
internal static class UnifiedDiff
{
    public static string Between(string label, string expected, string actual, string before = "committed", string after = "generated") =>
        expected == actual ? "" : UnidiffRenderer.Instance.Generate(expected, actual, $"{before}/{label}", $"{after}/{label}");
}
