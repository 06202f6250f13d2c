namespace Pipeline.Components.Deploy;

/// <summary>What a back-end deploys.</summary>
/// <param name="Manifests">The rendered manifests, multi-document YAML, the image pinned by digest.</param>
/// <param name="Record">What to leave where they run: image, revision, metrics, when, by whom (the next deploy's champion).</param>
/// <param name="Target">The environment and its settings.</param>
/// <param name="DryRun">Show the change, change nothing, return null.</param>
public sealed record DeployRequest(string Manifests, Gating.DeployRecord Record, DeployTarget Target, bool DryRun);
