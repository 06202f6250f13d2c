namespace Pipeline.Components.Deploy.Feedback;

/// <summary>Where a deploy stands, as the team is told about it.</summary>
internal enum DeployState
{
    /// <summary>Started: nothing decided yet.</summary>
    InProgress,

    /// <summary>A new version answers.</summary>
    Deployed,

    /// <summary>The same version already ran: nothing was applied.</summary>
    Unchanged,

    /// <summary>The new version failed; the previous one was put back.</summary>
    RolledBack,

    /// <summary>The new version failed and nothing was put back.</summary>
    Failed,

    /// <summary>Deploy could not run (cluster unreachable, credentials, manifests).</summary>
    Error,
}
