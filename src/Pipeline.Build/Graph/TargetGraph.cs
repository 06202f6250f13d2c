using System.Reflection;

namespace Pipeline.Build.Graph;

/// <summary>All targets of a build, discovered from its <see cref="Target"/> properties (class and component interfaces).</summary>
internal sealed class TargetGraph
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly Dictionary<Target, ExecutableTarget> byDelegate;

    private TargetGraph(IReadOnlyList<ExecutableTarget> targets, Dictionary<Target, ExecutableTarget> byDelegate)
    {
        Targets = targets;
        this.byDelegate = byDelegate;
    }

    public IReadOnlyList<ExecutableTarget> Targets { get; }

    public ExecutableTarget? Find(string name) =>
        Targets.FirstOrDefault(target => string.Equals(target.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The target a delegate (a target property's value) stands for.</summary>
    public ExecutableTarget? Of(Target target) => byDelegate.GetValueOrDefault(target);

    public IReadOnlyList<TargetInfo> Describe() => Targets
        .Select(t => new TargetInfo(t.Name, t.Description, t.Dependencies.Select(d => d.Name).ToList(), t.Definition.OutputPaths.ToList(), t.Definition.IsCachedPerMachine))
        .ToList();

    public static TargetGraph Discover(IPipelineBuild build)
    {
        var properties = TargetProperties(build.GetType());
        var byDelegate = new Dictionary<Target, ExecutableTarget>();
        var targets = new List<ExecutableTarget>();
        foreach (var property in properties)
        {
            var target = (Target)property.GetValue(build)!;
            var definition = new TargetDefinition(build);
            target(definition);
            var executable = new ExecutableTarget(property.Name, definition, targets.Count);
            targets.Add(executable);
            byDelegate[target] = executable;
        }

        foreach (var target in targets)
        {
            var definition = target.Definition;
            target.Dependencies.AddRange(definition.Dependencies.Select(t => Resolve(t, target, byDelegate)));
            target.RunsAfter.AddRange(definition.RunsAfter.Select(t => Resolve(t, target, byDelegate)));
            target.RunsBefore.AddRange(definition.RunsBefore.Select(t => Resolve(t, target, byDelegate)));
            target.Triggered.AddRange(definition.Triggered.Select(t => Resolve(t, target, byDelegate)));
        }

        foreach (var target in targets)
        {
            foreach (var dependent in target.Definition.Dependents.Select(t => Resolve(t, target, byDelegate)))
                dependent.Dependencies.Add(target);
        }

        var graph = new TargetGraph(targets, byDelegate);
        CycleDetector.ThrowIfCyclic(graph.Targets);
        return graph;
    }

    /// <summary>Target properties of the class hierarchy and of every implemented interface; one per name, the class's first.</summary>
    private static IEnumerable<PropertyInfo> TargetProperties(Type buildType)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var classProperties = new List<PropertyInfo>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
            classProperties.InsertRange(0, type.GetProperties(InstanceMembers).Where(IsTarget));
        var interfaceProperties = buildType.GetInterfaces()
            .OrderBy(type => type.GetInterfaces().Length)
            .SelectMany(type => type.GetProperties(InstanceMembers).Where(IsTarget));
        return interfaceProperties.Concat(classProperties)
            .Where(property => !property.Name.Contains('.')) // explicit implementations are reached through their interface
            .Reverse()
            .Where(property => seen.Add(property.Name))
            .Reverse();
    }

    private static bool IsTarget(PropertyInfo property) => property.PropertyType == typeof(Target) && property.GetIndexParameters().Length == 0;

    private static ExecutableTarget Resolve(Target target, ExecutableTarget from, Dictionary<Target, ExecutableTarget> byDelegate) =>
        byDelegate.TryGetValue(target, out var resolved)
            ? resolved
            : throw new BuildConfigurationException(
                $"Target {from.Name} refers to a target that is not a property of the build. Declare every target as a property: Target Name => _ => _...;");
}
