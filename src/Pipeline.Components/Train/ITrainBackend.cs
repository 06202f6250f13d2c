namespace Pipeline.Components.Train;

/// <summary>
/// A place an out-of-date Train runs other than here: <c>kubernetes</c> and <c>local-pod</c> come with IClusterTrain
/// (Pipeline.Components.Kubernetes); a component adds its own by putting <see cref="TrainBackendAttribute{TBackend}"/>
/// on its interface, and <c>--train-on &lt;name&gt;</c> selects it. It must leave <see cref="TrainSettings.Outputs"/>
/// in the working tree, as a local Train would, so the build records <c>pipeline.lock</c> the same way.
/// </summary>
public interface ITrainBackend
{
    /// <summary>The name <c>--train-on</c> selects it by.</summary>
    TrainLocation Location { get; }

    /// <summary>Runs the training with <paramref name="settings"/> and brings its outputs back.</summary>
    Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken);
}
