using System.Reflection;

namespace Pipeline.Build.Parameters;

/// <summary>Finds <see cref="ParameterAttribute"/> members on the build class hierarchy and its component interfaces.</summary>
internal static class ParameterDiscovery
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        var types = new List<Type>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
            types.Insert(0, type);
        types.AddRange(buildType.GetInterfaces());

        var parameters = new Dictionary<string, ParameterDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in types.SelectMany(type => type.GetMembers(InstanceMembers)))
        {
            if (member.GetCustomAttribute<ParameterAttribute>() is not { } attribute || member.Name.Contains('.'))
                continue;
            var descriptor = new ParameterDescriptor(member, attribute.Description, member.GetCustomAttribute<SecretAttribute>() is not null, attribute.EnvironmentVariable)
            {
                Range = (attribute.Minimum, attribute.Maximum),
            };
            ParameterConverter.ThrowIfUnsupported(descriptor);
            parameters.TryAdd(member.Name, descriptor);
        }

        return parameters.Values.OrderBy(p => p.MemberName, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
