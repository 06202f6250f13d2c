using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>The back-ends a build can deploy with: <c>local</c>, then those its component interfaces bring (<see cref="DeployBackendAttribute{TBackend}"/>).</summary>
internal static class BackendRegistry
{
    public static IReadOnlyList<IDeployBackend> Of(IDeploy build)
    {
        var backends = new List<IDeployBackend> { new LocalBackend(build) };
        foreach (var backend in Plugins.ComponentBackends.Of<IDeployBackend>(build))
        {
            if (backends.FirstOrDefault(other => other.Environment == backend.Environment) is { } same)
                throw new BuildConfigurationException($"Two deploy back-ends are called {backend.Environment}: {backend.GetType().Name} and {same.GetType().Name}.");
            backends.Add(backend);
        }

        return backends;
    }

    /// <summary>The back-end called <paramref name="environment"/>; a name none answers to fails with what to add, or what there is.</summary>
    public static IDeployBackend Named(IReadOnlyList<IDeployBackend> backends, DeployEnvironment environment) =>
        backends.FirstOrDefault(backend => backend.Environment == environment) ?? throw new BuildConfigurationException(
            environment == DeployEnvironment.Kubernetes || environment == DeployEnvironment.Gitops
                ? $"--environment {environment} needs the {(environment == DeployEnvironment.Gitops ? "GitOps" : "cluster")} back-end: reference the package Pipeline.Components.Kubernetes and add IKubernetesDeploy to the build class."
                : $"--environment {environment}: no deploy back-end has that name; this build has {string.Join(", ", backends.Select(backend => backend.Environment))} (a component adds one with [DeployBackend<T>]).");
}
