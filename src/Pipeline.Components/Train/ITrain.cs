using Pipeline.Build;
using Pipeline.Components.Restore;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Train;

/// <summary>
/// Train: runs the training (in-process by overriding <see cref="TrainAsync"/>, or any command) and is skipped
/// as "up to date" while the data, params and declared sources are unchanged and the outputs are intact.
/// </summary>
public interface ITrain : IRestore
{
    /// <summary>The defaults, before <see cref="ConfigureTrain"/>.</summary>
    sealed TrainSettings TrainSettingsBase => new() { DataDirectory = RestoreSettings.DataDirectory };

    /// <summary>The settings of this run: <see cref="TrainSettingsBase"/> through <see cref="ConfigureTrain"/>, evaluated once.</summary>
    sealed TrainSettings TrainSettings => Settings(() => ConfigureTrain(TrainSettingsBase));

    /// <summary>Override to change inputs, outputs or the command.</summary>
    TrainSettings ConfigureTrain(TrainSettings settings) => settings;

    /// <summary>Runs the training; by default the settings' command. Override to train in-process.</summary>
    async Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Command.Count == 0)
            throw new BuildConfigurationException("Train has nothing to run: override ITrain.TrainAsync in the build, or set TrainSettings.Command in ConfigureTrain.");
        await ProcessRunner.RunAsync(Log, settings.Command[0], settings.Command.Skip(1).ToList(), RootDirectory, cancellationToken);
    }

    /// <summary>Where Train runs.</summary>
    [Parameter("Where Train runs when it is out of date: local (here), or a back-end a component adds: kubernetes (a Job on the cluster Deploy uses) and local-pod (the same training image and hand-off as a podman pod) with IClusterTrain")]
    TrainLocation TrainOn => Parameter(TrainLocation.Local);

    /// <summary>The back-end <c>--train-on</c> names; a name none of the build's components answers to fails with what to add.</summary>
    sealed ITrainBackend TrainBackend
    {
        get
        {
            var backends = Plugins.ComponentBackends.Of<ITrainBackend>(this).ToList();
            return backends.FirstOrDefault(backend => backend.Location == TrainOn) ?? throw new BuildConfigurationException(
                TrainOn == TrainLocation.Kubernetes || TrainOn == TrainLocation.LocalPod
                    ? $"--train-on {TrainOn} needs the cluster path: add the package Pipeline.Components.Kubernetes and IClusterTrain to the build class."
                    : $"--train-on {TrainOn}: no train back-end has that name; this build has local{string.Concat(backends.Select(backend => ", " + backend.Location))} (a component adds one with [TrainBackend<T>]).");
        }
    }

    /// <summary>Trains the model.</summary>
    Target Train => _ => _
        .Description($"Train the model from {TrainSettings.DataDirectory}/ and {TrainSettings.ParamsFile}{(TrainSettings.Command.Count > 0 ? $" ({string.Join(' ', TrainSettings.Command)})" : "")}; writes {string.Join(", ", TrainSettings.Outputs)}")
        .DependsOn(Restore)
        .Inputs([.. TrainSettings.Inputs])
        .InputValues(TrainSettings.Params.Count == 0 ? "" : $"{TrainSettings.ParamsFile}: {string.Join(", ", TrainSettings.Params)}", TrainSettings.ParamsFile, () => TrainSettings.ParamValues(RootDirectory))
        .Outputs([.. TrainSettings.Outputs])
        .Executes(cancellationToken => TrainOn == TrainLocation.Local ? TrainAsync(TrainSettings, cancellationToken) : TrainBackend.TrainAsync(TrainSettings, cancellationToken));
}
