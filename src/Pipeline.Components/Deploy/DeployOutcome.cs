namespace Pipeline.Components.Deploy;

/// <summary>What a deploy did.</summary>
public enum DeployOutcome
{
    /// <summary>A new version was applied and became healthy.</summary>
    Deployed,

    /// <summary>The same image and manifests already ran: nothing was applied.</summary>
    Unchanged,

    /// <summary>The new version failed and the previous one was put back.</summary>
    RolledBack,

    /// <summary>The new version failed and nothing was put back (nothing ran before, or --no-rollback).</summary>
    Failed,
}
