using System.Globalization;
using System.Reflection;

namespace Pipeline.Build.Parameters;

/// <summary>
/// Converts raw text values to a parameter's type: string, bool, int, long, double, decimal, an enum, string[],
/// <see cref="TimeSpan"/> (<c>90s</c>, <c>5m</c>), <see cref="Uri"/> (absolute), <see cref="AbsolutePath"/>, and any
/// <see cref="IParsable{TSelf}"/> (the parse error's message says the expected form), with nullable forms.
/// </summary>
internal static class ParameterConverter
{
    public static void ThrowIfUnsupported(ParameterDescriptor parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
        if (type != typeof(string) && type != typeof(bool) && type != typeof(int) && !type.IsEnum && type != typeof(string[])
            && type != typeof(TimeSpan) && type != typeof(Uri) && type != typeof(AbsolutePath) && !IsParsable(type))
            throw new BuildConfigurationException(
                $"Parameter {parameter.MemberName} has type {type.Name}; parameters may be string, bool, a number (int, long, double, decimal), an enum, string[], TimeSpan, Uri, AbsolutePath or any IParsable<T>.");
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

        if (type == typeof(TimeSpan))
            return DurationText.TryParse(text, out var duration) ? duration : throw Invalid(parameter, source, Quote(parameter, text), DurationText.Form);
        if (type == typeof(Uri))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var uri)
                ? uri
                : throw Invalid(parameter, source, Quote(parameter, text), "an absolute URI such as https://host/path");
        }

        if (type == typeof(AbsolutePath))
            return AbsolutePath.Create(Path.GetFullPath(text));
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var match = names.FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase)
                                                     || string.Equals(ParameterNames.ToKebabCase(name), text, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse(type, match)
                : throw Invalid(parameter, source, Quote(parameter, text), "one of " + string.Join(", ", names.Select(ParameterNames.ToKebabCase)));
        }

        return Parse(parameter, type, text, source);
    }

    public static string Describe(Type valueType)
    {
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        if (type == typeof(string[]))
            return "list";
        if (type.IsEnum)
            return string.Join("|", Enum.GetNames(type).Select(ParameterNames.ToKebabCase));
        return type == typeof(bool) ? "bool"
            : type == typeof(int) || type == typeof(long) ? "int"
            : type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "number"
            : type == typeof(TimeSpan) ? "duration"
            : type == typeof(Uri) ? "uri"
            : type == typeof(AbsolutePath) ? "path"
            : type == typeof(string) ? "string"
            : ParameterNames.ToKebabCase(type.Name);
    }

    /// <summary>Text for a value in help and the schema (a duration as 90s, not 00:01:30).</summary>
    public static string? Display(object? value) => value switch
    {
        null => null,
        TimeSpan duration => DurationText.Format(duration),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static bool IsParsable(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>) && i.GetGenericArguments()[0] == type);

    /// <summary>T.Parse(text, InvariantCulture) of an <see cref="IParsable{TSelf}"/>; its FormatException's message is the expected form.</summary>
    private static object Parse(ParameterDescriptor parameter, Type type, string text, string source)
    {
        var parse = type.GetInterfaceMap(typeof(IParsable<>).MakeGenericType(type)).TargetMethods
            .First(method => method.Name.EndsWith("Parse", StringComparison.Ordinal) && !method.Name.EndsWith("TryParse", StringComparison.Ordinal));
        try
        {
            return parse.Invoke(null, [text, CultureInfo.InvariantCulture])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is FormatException or ArgumentException or OverflowException)
        {
            var expected = type.IsPrimitive || type == typeof(decimal)
                ? type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "a number such as 0.9" : "a whole number"
                : exception.InnerException.Message.TrimEnd('.');
            throw Invalid(parameter, source, Quote(parameter, text), expected);
        }
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
