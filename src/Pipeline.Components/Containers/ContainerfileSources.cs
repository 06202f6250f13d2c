using System.Text.Json;

namespace Pipeline.Components.Containers;

/// <summary>
/// What a Containerfile takes from its build context: the sources of its COPY and ADD instructions (shell or JSON
/// form; copies from another stage left out), so that Containerize re-runs exactly when they or the file change.
/// </summary>
public static class ContainerfileSources
{
    internal static IReadOnlyList<string> Parse(string containerfile)
    {
        var sources = new List<string>();
        foreach (var instruction in Instructions(containerfile))
        {
            var words = Words(instruction);
            if (words.Count < 3 || !(words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase) || words[0].Equals("ADD", StringComparison.OrdinalIgnoreCase)))
                continue;
            var operands = words.Skip(1).ToList();
            if (operands.Any(word => word.StartsWith("--from", StringComparison.OrdinalIgnoreCase)))
                continue;
            operands.RemoveAll(word => word.StartsWith("--", StringComparison.Ordinal));
            sources.AddRange(operands.Take(operands.Count - 1).Select(Normalize));
        }

        return [.. sources.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether the Containerfile declares <c>ARG BASE_IMAGE</c>, through which --base-image (or the offline base) is passed.</summary>
    public static bool DeclaresBaseImage(string containerfile) =>
        Instructions(containerfile).Select(Words).Any(words => words.Count >= 2 && words[0].Equals("ARG", StringComparison.OrdinalIgnoreCase)
            && words[1].Split('=')[0] == BaseImageArgument);

    /// <summary>The build argument that carries the base image.</summary>
    public const string BaseImageArgument = "BASE_IMAGE";

    private static IEnumerable<string> Instructions(string containerfile) => InstructionLines(containerfile).Select(instruction => instruction.Text);

    /// <summary>Each instruction, continued lines joined and comments left out, with the (0-based) lines it spans.</summary>
    internal static IEnumerable<(string Text, int FirstLine, int LastLine)> InstructionLines(string containerfile)
    {
        var lines = containerfile.Split('\n');
        var current = "";
        var first = -1;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
                continue;
            if (first < 0)
                first = index;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return (current + line, first, index);
            current = "";
            first = -1;
        }

        if (current.Length > 0)
            yield return (current, first, lines.Length - 1);
    }

    /// <summary>An instruction's keyword and operands, shell or JSON form.</summary>
    internal static List<string> Words(string instruction)
    {
        var trimmed = instruction.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && trimmed[(space + 1)..].TrimStart() is ['[', ..] json && json.TrimEnd().EndsWith(']'))
        {
            try
            {
                return [trimmed[..space], .. JsonSerializer.Deserialize<string[]>(json) ?? []];
            }
            catch (JsonException)
            {
                // not the JSON form after all: split on spaces below
            }
        }

        return [.. trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>A source as a path relative to the context (no ./, no trailing /); the whole context is <c>**/*</c>.</summary>
    internal static string Normalize(string source)
    {
        var path = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source;
        path = path.TrimEnd('/');
        return path is "" or "." ? "**/*" : path;
    }
}
