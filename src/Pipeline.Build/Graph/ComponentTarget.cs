using System.Reflection;

namespace Pipeline.Build.Graph;

/// <summary>Finds the one target a component interface declares, for <c>DependsOn&lt;TComponent&gt;()</c>.</summary>
internal static class ComponentTarget
{
    public static Target Single<TComponent>(IPipelineBuild build) where TComponent : IPipelineBuild
    {
        if (build is not TComponent)
            throw new BuildConfigurationException($"The build depends on {typeof(TComponent).Name} but does not implement it; add it to the build class's interfaces.");
        var targets = typeof(TComponent)
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(property => property.PropertyType == typeof(Target))
            .ToList();
        if (targets.Count != 1)
            throw new BuildConfigurationException(
                $"{typeof(TComponent).Name} declares {targets.Count} targets; name one: DependsOn<{typeof(TComponent).Name}>(x => x.{targets.FirstOrDefault()?.Name ?? "Target"}).");
        return (Target)targets[0].GetValue(build)!;
    }
}
