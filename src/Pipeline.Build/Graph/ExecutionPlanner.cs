namespace Pipeline.Build.Graph;

/// <summary>Turns requested targets into an ordered plan: dependencies and triggered targets join, ordering edges sort.</summary>
internal static class ExecutionPlanner
{
    public static IReadOnlyList<PlannedTarget> Plan(TargetGraph graph, IReadOnlyList<ExecutableTarget> requested, SkipRequest skip)
    {
        var included = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(requested);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!included.Add(target))
                continue;
            foreach (var next in target.Dependencies.Concat(target.Triggered))
                pending.Push(next);
        }

        var ordered = TopologicalOrder(graph.Targets.Where(included.Contains).ToList());
        return ordered
            .Select(target => new PlannedTarget(target, skip.Skips(target, requested)))
            .ToList();
    }

    /// <summary>Kahn's algorithm; among ready targets the one declared first goes first, so plans are stable.</summary>
    private static List<ExecutableTarget> TopologicalOrder(List<ExecutableTarget> targets)
    {
        var predecessors = OrderingEdges.Predecessors(targets);
        var remaining = predecessors.ToDictionary(pair => pair.Key, pair => pair.Value.Count);
        var ordered = new List<ExecutableTarget>();
        var ready = new SortedSet<ExecutableTarget>(targets.Where(t => remaining[t] == 0), Comparer<ExecutableTarget>.Create((a, b) => a.DeclarationOrder.CompareTo(b.DeclarationOrder)));
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            ordered.Add(next);
            foreach (var (target, before) in predecessors)
            {
                if (before.Contains(next) && --remaining[target] == 0)
                    ready.Add(target);
            }
        }

        return ordered;
    }
}
