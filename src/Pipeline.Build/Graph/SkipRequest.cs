namespace Pipeline.Build.Graph;

/// <summary><c>--skip</c> alone skips everything but the requested targets; <c>--skip A B</c> skips those.</summary>
internal sealed record SkipRequest(bool SkipAllButRequested, IReadOnlyCollection<ExecutableTarget> Targets)
{
    public static SkipRequest None { get; } = new(false, []);

    public bool Skips(ExecutableTarget target, IReadOnlyList<ExecutableTarget> requested) =>
        Targets.Contains(target) || (SkipAllButRequested && !requested.Contains(target));
}
