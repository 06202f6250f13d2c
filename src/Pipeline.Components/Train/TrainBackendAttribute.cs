namespace Pipeline.Components.Train;

/// <summary>
/// Puts a train back-end on a component interface: a build that implements the interface can train with
/// <c>--train-on &lt;the back-end's name&gt;</c>. <typeparamref name="TBackend"/> has one public constructor that takes
/// the build (as the component interface).
/// </summary>
/// <typeparam name="TBackend">The back-end.</typeparam>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class TrainBackendAttribute<TBackend> : Attribute, Plugins.IBackendAttribute where TBackend : ITrainBackend
{
    /// <inheritdoc />
    Type Plugins.IBackendAttribute.Backend => typeof(TBackend);
}
