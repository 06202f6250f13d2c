using System.Reflection;
using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>The back-ends a build can deploy with: <c>local</c>, then those its component interfaces bring (<see cref="DeployBackendAttribute{TBackend}"/>).</summary>
internal static class BackendRegistry
{
    public static IReadOnlyList<IDeployBackend> Of(IDeploy build)
    {
        var backends = new List<IDeployBackend> { new LocalBackend(build) };
        foreach (var type in build.GetType().GetInterfaces().SelectMany(component => component.GetCustomAttributes(inherit: false).OfType<IDeployBackendType>()).Select(attribute => attribute.Backend).Distinct())
        {
            var constructor = type.GetConstructors().FirstOrDefault(candidate => candidate.GetParameters() is [{ } only] && only.ParameterType.IsInstanceOfType(build))
                ?? throw new BuildConfigurationException($"The deploy back-end {type.Name} needs one public constructor that takes the build (as its component interface or IDeploy).");
            var backend = (IDeployBackend)constructor.Invoke([build]);
            if (backends.Any(other => other.Environment == backend.Environment))
                throw new BuildConfigurationException($"Two deploy back-ends are called {backend.Environment}: {type.Name} and {backends.First(other => other.Environment == backend.Environment).GetType().Name}.");
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
