using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Where Deploy deploys, by the name of a back-end (<see cref="IDeployBackend"/>): <see cref="Local"/> is built in,
/// <see cref="Kubernetes"/> and <see cref="Gitops"/> come with Pipeline.Components.Kubernetes, and a component can add
/// its own (<see cref="DeployBackendAttribute{TBackend}"/>). <c>--environment</c> takes the name.
/// </summary>
public readonly record struct DeployEnvironment : IParsable<DeployEnvironment>
{
    private readonly string? name;

    /// <summary>A back-end called <paramref name="name"/> (lower-case letters, digits and '-', starting with a letter).</summary>
    public DeployEnvironment(string name) =>
        this.name = Plugins.BackendName.Checked(name, "local, kubernetes or gitops");

    /// <summary>The back-end's name: lower-case letters, digits and '-' (<c>default(DeployEnvironment)</c> is <c>local</c>).</summary>
    public string Name => name ?? "local";

    /// <summary>podman kube play on this machine, bound to 127.0.0.1.</summary>
    public static DeployEnvironment Local { get; } = new("local");

    /// <summary>A Kubernetes cluster through its API (server-side apply).</summary>
    public static DeployEnvironment Kubernetes { get; } = new("kubernetes");

    /// <summary>A commit of the rendered manifests to a configuration repository that Argo CD or Flux applies; the build never talks to the cluster.</summary>
    public static DeployEnvironment Gitops { get; } = new("gitops");

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Equal when the names are: <c>default</c> is <see cref="Local"/>.</summary>
    public bool Equals(DeployEnvironment other) => Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>The name, case ignored (<c>Kubernetes</c> is <c>kubernetes</c>).</summary>
    public static DeployEnvironment Parse(string s, IFormatProvider? provider) => new(Plugins.BackendName.Normalized(s, splitWords: false));

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DeployEnvironment result)
    {
        result = default;
        if (s is null || !Plugins.BackendName.IsName(s, splitWords: false))
            return false;
        result = Parse(s, provider);
        return true;
    }
}
