using Pipeline.Build;

/// <summary>
/// A test fixture: a build whose Train writes its outputs slowly (20 parts, 100 ms apart; FAULT_TRAIN_PARTS more for a
/// run a test interrupts, so a busy machine's late signal still lands mid-stage), so the fault tests can kill or
/// interrupt the real process in the middle of a stage, and an AddData of whatever data/big.bin holds.
/// </summary>
class Build : PipelineBuild
{
    public static int Main() => Execute<Build>(x => x.Train);

    internal Target Train => _ => _
        .Inputs("params.txt")
        .Outputs("artifacts/model")
        .Executes(async cancellationToken =>
        {
            var model = RootDirectory / "artifacts/model";
            Directory.CreateDirectory(model);
            var parameters = await File.ReadAllTextAsync(RootDirectory / "params.txt", cancellationToken);
            Log.Info("training started");
            var parts = int.TryParse(EnvironmentVariable("FAULT_TRAIN_PARTS"), out var count) ? count : 20;
            for (var part = 0; part < parts; part++)
            {
                await File.WriteAllTextAsync(model / $"part-{part:00}.bin", $"part {part} of {parameters}", cancellationToken);
                await Task.Delay(100, cancellationToken);
            }

            Log.Info("training finished");
        });

    internal Target AddData => _ => _
        .StoresData(() => "data/big.bin", "data");
}
