namespace Pipeline.Components.Deploy;

/// <summary>
/// Puts a deploy back-end on a component interface: a build that implements the interface can deploy with
/// <c>--environment &lt;the back-end's name&gt;</c>. <typeparamref name="TBackend"/> has one public constructor that
/// takes the build (as the component interface, or <see cref="IDeploy"/>).
/// <code>[DeployBackend&lt;FolderBackend&gt;] public interface IFolderDeploy : IDeploy { … }</code>
/// </summary>
/// <typeparam name="TBackend">The back-end.</typeparam>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class DeployBackendAttribute<TBackend> : Attribute, Plugins.IBackendAttribute where TBackend : IDeployBackend
{
    /// <inheritdoc />
    Type Plugins.IBackendAttribute.Backend => typeof(TBackend);
}
