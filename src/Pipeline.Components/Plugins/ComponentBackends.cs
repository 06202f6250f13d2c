using Pipeline.Build;

namespace Pipeline.Components.Plugins;

/// <summary>
/// The back-ends of one kind that the component interfaces of a build bring through their
/// attributes, each constructed with the build (its one public constructor takes the component interface).
/// </summary>
internal static class ComponentBackends
{
    public static IEnumerable<TBackend> Of<TBackend>(IPipelineBuild build) where TBackend : class
    {
        var types = build.GetType().GetInterfaces()
            .SelectMany(component => component.GetCustomAttributes(inherit: false).OfType<IBackendAttribute>())
            .Select(attribute => attribute.Backend).Where(typeof(TBackend).IsAssignableFrom).Distinct();
        foreach (var type in types)
        {
            var constructor = type.GetConstructors().FirstOrDefault(candidate => candidate.GetParameters() is [{ } only] && only.ParameterType.IsInstanceOfType(build))
                ?? throw new BuildConfigurationException($"The back-end {type.Name} needs one public constructor that takes the build (as the component interface that names it).");
            yield return (TBackend)constructor.Invoke([build]);
        }
    }
}
