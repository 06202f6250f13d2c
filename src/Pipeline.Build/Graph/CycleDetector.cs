namespace Pipeline.Build.Graph;

/// <summary>Finds an ordering cycle (DependsOn, After, Before, Triggers) and names it.</summary>
internal static class CycleDetector
{
    public static void ThrowIfCyclic(IReadOnlyList<ExecutableTarget> targets)
    {
        var edges = OrderingEdges.Predecessors(targets);
        var state = new Dictionary<ExecutableTarget, bool>(); // false: on the stack, true: done
        var stack = new List<ExecutableTarget>();
        foreach (var target in targets)
            Visit(target);

        void Visit(ExecutableTarget target)
        {
            if (state.TryGetValue(target, out var done))
            {
                if (done)
                    return;
                var cycle = stack.Skip(stack.IndexOf(target)).Append(target).Select(t => t.Name);
                throw new BuildConfigurationException($"The targets form a cycle: {string.Join(" -> ", cycle)}. Remove one of these DependsOn/After/Before/Triggers relations.");
            }

            state[target] = false;
            stack.Add(target);
            foreach (var predecessor in edges[target])
                Visit(predecessor);
            stack.RemoveAt(stack.Count - 1);
            state[target] = true;
        }
    }
}
