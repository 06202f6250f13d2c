using System.Text.RegularExpressions;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// Inputs and outputs of a remote Train through the artifact store, whatever it is (a directory, a bucket): every
/// input file is put in the store, and so is their list ("sha256 path" lines), whose hash the pod gets. The pod
/// copies them in, trains, stores its outputs and their list, and names that list's hash in its termination
/// message (and its log); the build then gets the outputs from the store, checked by hash as <c>--pull</c> does.
/// KEY hashes the input list, the command and the outputs, so the same inputs meet the same Job name.
/// </summary>
internal sealed partial class TrainingHandOff(IArtifactStore store, string key, string inputsObject)
{
    public string Key => key;

    /// <summary>The hash of the inputs' list in the store.</summary>
    public string InputsObject => inputsObject;

    /// <summary>Puts the inputs (expanded and hashed as the stage cache does, through the hash cache) and their list in the store.</summary>
    public static async Task<TrainingHandOff> PrepareAsync(string root, IArtifactStore store, TrainSettings settings, CancellationToken cancellationToken)
    {
        var inputs = ContentHash.Of(root, settings.Inputs, out var missing);
        if (missing.Count > 0)
            throw new TargetFailedException($"Train's input {missing[0]} does not exist, so it cannot be handed to the training pod.");
        foreach (var (path, hash) in inputs)
            await store.PutAsync(hash, Path.Combine(root, path), null, cancellationToken);

        var list = string.Concat(inputs.Select(input => $"{input.Value} {input.Key}\n"));
        var listHash = ContentHash.OfText(list);
        var scratch = Path.Combine(root, BuildLayout.TemporaryDirectory, "train-inputs.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(scratch)!);
        await File.WriteAllTextAsync(scratch, list, cancellationToken);
        await store.PutAsync(listHash, scratch, null, cancellationToken);
        File.Delete(scratch);
        var key = ContentHash.OfText($"{listHash}\0{string.Join(' ', settings.Command)}\0{string.Join(' ', settings.Outputs)}");
        return new TrainingHandOff(store, key, listHash);
    }

    /// <summary>The outputs list's hash a pod named in its termination message or log, or null.</summary>
    public static string? OutputsObjectIn(string? text) => text is not null && OutputsLine().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Writes the pod's outputs into the workspace; an output the pod did not publish is an error naming it.</summary>
    public async Task<int> RestoreAsync(string root, string? outputsObject, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (outputsObject is null)
            throw new TargetFailedException($"The training finished without publishing its outputs: it must write {string.Join(", ", settings.Outputs)} under its working directory.");
        var scratch = Path.Combine(root, BuildLayout.TemporaryDirectory, "train-outputs.txt");
        if (!await store.TryGetAsync(outputsObject, scratch, null, cancellationToken))
            throw new TargetFailedException($"The list of the training's outputs (sha256 {outputsObject[..12]}) is missing from {store.Description}.");
        var restored = new List<(string Hash, string Path)>();
        foreach (var line in await File.ReadAllLinesAsync(scratch, cancellationToken))
        {
            if (line.Split(' ', 2) is [var hash, var path] && !path.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(path))
                restored.Add((hash, path));
        }

        File.Delete(scratch);
        foreach (var output in settings.Outputs.Where(output => !restored.Any(file => file.Path == output || file.Path.StartsWith(output + "/", StringComparison.Ordinal))))
            throw new TargetFailedException($"The training did not write {output}; Train declares it as an output.");
        foreach (var output in settings.Outputs.Select(output => Path.Combine(root, output)).Where(Directory.Exists))
            Directory.Delete(output, recursive: true); // files of an earlier model must not survive beside the new ones
        foreach (var (hash, path) in restored)
        {
            if (!await store.TryGetAsync(hash, Path.Combine(root, path), null, cancellationToken))
                throw new TargetFailedException($"{path} from the training is missing or corrupt in {store.Description} (sha256 {hash[..12]}).");
        }

        return restored.Count;
    }

    [GeneratedRegex("outputs list ([0-9a-f]{64})")]
    private static partial Regex OutputsLine();
}
