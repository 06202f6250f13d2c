namespace Pipeline.Components.Deploy;

/// <summary>The result of a successful deploy: what happened and where the service answers.</summary>
/// <param name="Outcome"><see cref="DeployOutcome.Deployed"/> or <see cref="DeployOutcome.Unchanged"/>.</param>
/// <param name="Endpoint">host[:port] of the service, when it has one reachable from here.</param>
/// <param name="SmokeAnswer">What the smoke test's request answered, when the deployer ran it.</param>
public sealed record DeployResult(DeployOutcome Outcome, string? Endpoint, string? SmokeAnswer = null);
