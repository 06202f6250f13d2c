namespace Pipeline.Components.Deploy;

/// <summary>
/// An environment the build declares (<see cref="IDeploy.Stages"/>), such as <c>test</c> and <c>production</c>: where
/// it deploys and its own settings over the build's (namespace, gate, smoke test, …). <c>--environment-name</c>
/// selects one (the first by default); <c>Promote</c> moves the version that runs in one to another by digest.
/// </summary>
public sealed record DeployStage(string Name)
{
    /// <summary>Where this environment deploys; it wins over <c>--environment</c>.</summary>
    public DeployEnvironment Environment { get; init; } = DeployEnvironment.Local;

    /// <summary>This environment's settings, from the build's (after <see cref="IDeploy.ConfigureDeploy"/>).</summary>
    public Func<DeploySettings, DeploySettings> Settings { get; init; } = settings => settings;
}
