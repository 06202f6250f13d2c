using System.Text.RegularExpressions;

namespace Pipeline.Components.Plugins;

/// <summary>The rules every back-end name follows (<see cref="Deploy.DeployEnvironment"/>, <see cref="Train.TrainLocation"/>): lower-case letters, digits and '-'.</summary>
internal static partial class BackendName
{
    /// <summary><paramref name="name"/> when it is one; else a FormatException naming the form and <paramref name="examples"/>.</summary>
    public static string Checked(string name, string examples) =>
        Pattern().IsMatch(name) ? name : throw new FormatException($"'{name}' is not a back-end name: lower-case letters, digits and '-', such as {examples}.");

    /// <summary>What a user typed, as a name: trimmed, lower case; with <paramref name="splitWords"/> PascalCase becomes kebab-case (<c>LocalPod</c> is <c>local-pod</c>).</summary>
    public static string Normalized(string text, bool splitWords) => (splitWords ? Build.Parameters.ParameterNames.ToKebabCase(text.Trim()) : text.Trim()).ToLowerInvariant();

    /// <summary>Whether <paramref name="text"/>, normalized, is a name.</summary>
    public static bool IsName(string? text, bool splitWords) => text is not null && Pattern().IsMatch(Normalized(text, splitWords));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex Pattern();
}
