using Pipeline.Build.Cli;
using System.Text.Json;

namespace Pipeline.Build.Parameters;

/// <summary>Reads <c>.nuke/parameters.json</c>: default values committed with the repository.</summary>
internal static class ParametersFile
{
    public const string RelativePath = BuildLayout.ParametersFile;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(string rootDirectory, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var path = Path.Combine(rootDirectory, RelativePath);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
            return values;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new BuildConfigurationException(
                $"{RelativePath}({exception.LineNumber + 1},{exception.BytePositionInLine + 1}): not valid JSON: {FirstSentence(exception.Message)} Fix the file or delete it to use the defaults.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildConfigurationException($"{RelativePath}: expected a JSON object of parameter names and values, like {{ \"Configuration\": \"Release\" }}.");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$'))
                    continue;
                if (!parameters.Any(p => string.Equals(p.MemberName, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    var suggestion = NameSuggester.Suggest(property.Name, parameters.Select(p => p.MemberName));
                    throw new BuildConfigurationException(
                        $"{RelativePath}: unknown parameter \"{property.Name}\".{(suggestion is null ? "" : $" Did you mean \"{suggestion}\"?")} See ./build.sh --help for the list.");
                }

                values[property.Name] = ToStrings(property);
            }
        }

        return values;
    }

    private static IReadOnlyList<string> ToStrings(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Array => property.Value.EnumerateArray().Select(ScalarText).ToList(),
        _ => [ScalarText(property.Value)],
    };

    private static string ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
