namespace Pipeline.Components.Deploy;

/// <summary>
/// One environment as a back-end sees it: the name of the declared environment (<see cref="IDeploy.Stages"/>; null
/// for the build's single one) and its settings (<see cref="IDeploy.ConfigureDeploy"/>, then the environment's own).
/// </summary>
public sealed record DeployTarget(string? Name, DeploySettings Settings);
