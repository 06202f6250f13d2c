namespace Pipeline.Components.Deploy;

/// <summary>The back-end type of a <see cref="DeployBackendAttribute{TBackend}"/>, read without knowing its type argument.</summary>
internal interface IDeployBackendType
{
    Type Backend { get; }
}
