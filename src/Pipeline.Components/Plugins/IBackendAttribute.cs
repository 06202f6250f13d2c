namespace Pipeline.Components.Plugins;

/// <summary>An attribute that puts a back-end on a component interface (<see cref="Deploy.DeployBackendAttribute{TBackend}"/>, <see cref="Train.TrainBackendAttribute{TBackend}"/>), read without knowing its type argument.</summary>
internal interface IBackendAttribute
{
    Type Backend { get; }
}
