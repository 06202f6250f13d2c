namespace Pipeline.Components.Deploy;

/// <summary>
/// An environment the build declares (<see cref="IDeploy.Stages"/>), such as <c>test</c> and <c>production</c>: where
/// it deploys and its own settings over the build's (namespace, gate, smoke test, …). <c>--environment-name</c>
/// selects one (the first by default); <c>Promote</c> moves the version that runs in one to another by digest.
/// </summary>
public sealed record DeployStage(string Name)
{
    /// <summary>The name: lower-case letters, digits and '-' (it names a folder, local pods and CI environments).</summary>
    public string Name { get; } = System.Text.RegularExpressions.Regex.IsMatch(Name, "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")
        ? Name
        : throw new ArgumentException($"The environment name '{Name}' is not a DNS label: use lower-case letters, digits and '-', at most 40 characters (for example test, production).", nameof(Name));

    /// <summary>
    /// Where this environment deploys; it wins over <c>--environment</c>. Null (the default): where <c>--environment</c>
    /// says, so the same environments run locally on two ports and, with <c>PIPELINE_ENVIRONMENT=kubernetes</c> in CI,
    /// in two namespaces.
    /// </summary>
    public DeployEnvironment? Environment { get; init; }

    /// <summary>This environment's settings, from the build's (after <see cref="IDeploy.ConfigureDeploy"/>).</summary>
    public Func<DeploySettings, DeploySettings> Settings { get; init; } = settings => settings;
}
