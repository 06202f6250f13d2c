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
    /// <summary>The settings after <see cref="ConfigureTrain"/>.</summary>
    TrainSettings TrainSettings => ConfigureTrain(new TrainSettings());

    /// <summary>Override to change inputs, outputs or the command.</summary>
    TrainSettings ConfigureTrain(TrainSettings settings) => settings;

    /// <summary>Runs the training; by default the settings' command. Override to train in-process.</summary>
    Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken) =>
        settings.Command.Count > 0
            ? ProcessRunner.RunAsync(Log, settings.Command[0], settings.Command.Skip(1).ToList(), RootDirectory, cancellationToken)
            : throw new BuildConfigurationException("Train has nothing to run: override ITrain.TrainAsync in the build, or set TrainSettings.Command in ConfigureTrain.");

    /// <summary>Trains the model.</summary>
    Target Train => _ => _
        .Description("Train the model from the data and params.yaml; writes artifacts/model, metrics, history and predictions")
        .DependsOn<IRestore>(x => x.Restore)
        .Inputs([.. TrainSettings.Inputs])
        .InputParameters([.. TrainSettings.InputParameters])
        .Outputs([.. TrainSettings.Outputs])
        .Executes(cancellationToken => TrainAsync(TrainSettings, cancellationToken));
}
