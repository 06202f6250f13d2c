using System.Globalization;

namespace Pipeline.Build.Parameters;

/// <summary>Converts raw text values to a parameter's type: string, bool, int, enum, string[] (and nullable forms).</summary>
internal static class ParameterConverter
{
    public static void ThrowIfUnsupported(ParameterDescriptor parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
        if (type != typeof(string) && type != typeof(bool) && type != typeof(int) && !type.IsEnum && type != typeof(string[]))
            throw new BuildConfigurationException(
                $"Parameter {parameter.MemberName} has type {type.Name}; parameters may be string, bool, int, an enum or string[].");
    }

    /// <summary>Converts, or explains what was expected, naming where the value came from.</summary>
    public static object? Convert(ParameterDescriptor parameter, IReadOnlyList<string> values, string source)
    {
        var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
        if (type == typeof(string[]))
            return values.ToArray();
        if (type == typeof(bool) && values.Count == 0)
            return true;
        if (values.Count != 1)
            throw Invalid(parameter, source, values.Count == 0 ? "no value" : $"{values.Count} values", "exactly one value");

        var text = values[0];
        if (type == typeof(string))
            return text;
        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var flag)
                ? flag
                : throw Invalid(parameter, source, Quote(parameter, text), "true or false");
        }

        if (type == typeof(int))
        {
            var (minimum, maximum) = parameter.Range;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                throw Invalid(parameter, source, Quote(parameter, text), "a whole number" + RangeText(minimum, maximum));
            return number >= minimum && number <= maximum
                ? number
                : throw Invalid(parameter, source, Quote(parameter, text), "a whole number" + RangeText(minimum, maximum));
        }

        var names = Enum.GetNames(type);
        var match = names.FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase)
                                                 || string.Equals(ParameterNames.ToKebabCase(name), text, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? Enum.Parse(type, match)
            : throw Invalid(parameter, source, Quote(parameter, text), "one of " + string.Join(", ", names.Select(ParameterNames.ToKebabCase)));
    }

    public static string Describe(Type valueType)
    {
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        if (type == typeof(string[]))
            return "list";
        if (type.IsEnum)
            return string.Join("|", Enum.GetNames(type).Select(ParameterNames.ToKebabCase));
        return type == typeof(bool) ? "bool" : type == typeof(int) ? "int" : "string";
    }

    private static string RangeText(int minimum, int maximum) => (minimum, maximum) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" of at least {minimum}",
        (int.MinValue, _) => $" of at most {maximum}",
        _ => $" from {minimum} to {maximum}",
    };

    private static string Quote(ParameterDescriptor parameter, string text) => parameter.IsSecret ? "a secret value" : $"'{text}'";

    private static BuildConfigurationException Invalid(ParameterDescriptor parameter, string source, string got, string expected) =>
        new($"Parameter {parameter.CommandLineName} ({source}) expects {expected}, got {got}.");
}
