using System.Text;

namespace Pipeline.Build.Parameters;

/// <summary>
/// How a parameter's member name is spelled elsewhere: <c>kebab-case</c> on the command line (<c>RolloutTimeout</c> →
/// <c>--rollout-timeout</c>), <c>UPPER_SNAKE</c> in the environment (<c>PIPELINE_ROLLOUT_TIMEOUT</c>, or the variable the
/// <see cref="ParameterAttribute"/> names). Components that generate CI files or messages use it to name parameters as users type them.
/// </summary>
public static class ParameterNames
{
    /// <summary><c>RolloutTimeout</c> → <c>rollout-timeout</c>.</summary>
    public static string ToKebabCase(string name) => Split(name, '-').ToLowerInvariant();

    /// <summary><c>RolloutTimeout</c> → <c>ROLLOUT_TIMEOUT</c>.</summary>
    public static string ToUpperSnakeCase(string name) => Split(name, '_').ToUpperInvariant();

    /// <summary>The environment variable a parameter member reads: the one its <see cref="ParameterAttribute"/> names, else <c>PIPELINE_</c> + its name in UPPER_SNAKE_CASE.</summary>
    public static string EnvironmentVariableOf(System.Reflection.MemberInfo member) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<ParameterAttribute>(member)?.EnvironmentVariable
        ?? ParameterAttribute.EnvironmentPrefix + ToUpperSnakeCase(member.Name);

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
