using System.Reflection;

namespace Pipeline.Build.Parameters;

/// <summary>A declared parameter: the member it lives on, its names in each source, its type and whether it is secret.</summary>
internal sealed record ParameterDescriptor(MemberInfo Member, string Description, bool IsSecret, string? ExplicitEnvironmentName = null)
{
    /// <summary>The range an int value must fall in.</summary>
    public (int Minimum, int Maximum) Range { get; init; } = (int.MinValue, int.MaxValue);

    public string MemberName => Member.Name;
    public string CommandLineName => "--" + ParameterNames.ToKebabCase(Member.Name);
    public string EnvironmentName => ExplicitEnvironmentName ?? ParameterAttribute.EnvironmentPrefix + ParameterNames.ToUpperSnakeCase(Member.Name);
    public Type ValueType => Member switch
    {
        FieldInfo fieldInfo => fieldInfo.FieldType,
        PropertyInfo propertyInfo => propertyInfo.PropertyType,
        _ => throw new InvalidOperationException(Member.ToString()),
    };

    /// <summary>Declared on a component interface: its value is read through <see cref="IPipelineBuild.Parameter{T}"/>.</summary>
    public bool IsInterfaceMember => Member.DeclaringType!.IsInterface;

    public object? CurrentValue(object build) => Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };

    public void Assign(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { CanWrite: true } property:
                property.SetValue(build, value);
                break;
        }
    }
}
