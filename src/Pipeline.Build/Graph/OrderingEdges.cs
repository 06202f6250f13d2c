namespace Pipeline.Build.Graph;

/// <summary>For each target, the targets that must come before it when both are in a plan.</summary>
internal static class OrderingEdges
{
    public static Dictionary<ExecutableTarget, List<ExecutableTarget>> Predecessors(IEnumerable<ExecutableTarget> targets)
    {
        var all = targets.ToList();
        var predecessors = all.ToDictionary(target => target, _ => new List<ExecutableTarget>());
        void Edge(ExecutableTarget first, ExecutableTarget then)
        {
            if (predecessors.TryGetValue(then, out var list) && predecessors.ContainsKey(first) && !list.Contains(first))
                list.Add(first);
        }

        foreach (var target in all)
        {
            target.Dependencies.ForEach(dependency => Edge(dependency, target));
            target.RunsAfter.ForEach(earlier => Edge(earlier, target));
            target.RunsBefore.ForEach(later => Edge(target, later));
            target.Triggered.ForEach(triggered => Edge(target, triggered));
        }

        return predecessors;
    }
}
