using System.Text;

namespace Pipeline.Build.Parameters;

/// <summary>Member name to <c>kebab-case</c> (command line) and <c>UPPER_SNAKE</c> (environment).</summary>
internal static class ParameterNames
{
    public static string ToKebabCase(string name) => Split(name, '-').ToLowerInvariant();

    public static string ToUpperSnakeCase(string name) => Split(name, '_').ToUpperInvariant();

    private static string Split(string name, char separator)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord)
                builder.Append(separator);
            builder.Append(c == '_' || c == '-' ? separator : c);
        }

        return builder.ToString();
    }
}
