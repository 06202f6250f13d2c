using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using Pipeline.Build;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Train.Training;

/// <summary>
/// Inputs and outputs of a remote Train through the artifact store directory: every input file is put in the store
/// and listed ("sha256 path") in <c>handoff/KEY/inputs.txt</c>; the pod copies them in, trains, puts its outputs in
/// the store and lists them in <c>handoff/KEY/outputs.txt</c>, which the build restores. KEY hashes the input list,
/// the command and the outputs, so the same inputs meet the same hand-off.
/// </summary>
internal sealed class TrainingHandOff(string storeDirectory, string key)
{
    public string Key => key;

    public string Folder => Path.Combine(storeDirectory, "handoff", key);

    public string OutputsList => Path.Combine(Folder, "outputs.txt");

    /// <summary>Puts the inputs in the store and writes the list.</summary>
    public static async Task<TrainingHandOff> PrepareAsync(string root, string storeDirectory, TrainSettings settings, CancellationToken cancellationToken)
    {
        var store = new LocalArtifactStore(storeDirectory);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in InputFiles(root, settings.Inputs))
        {
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(Path.Combine(root, file)), cancellationToken));
            await store.PutAsync(hash, Path.Combine(root, file), null, cancellationToken);
            lines.Add($"{hash} {file}");
        }

        var list = string.Join('\n', lines) + "\n";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{list}\0{string.Join(' ', settings.Command)}\0{string.Join(' ', settings.Outputs)}")));
        var handOff = new TrainingHandOff(storeDirectory, key);
        Directory.CreateDirectory(handOff.Folder);
        Pipeline.Build.IO.AtomicFile.WriteAllText(Path.Combine(handOff.Folder, "inputs.txt"), list);
        if (File.Exists(handOff.OutputsList))
            File.Delete(handOff.OutputsList); // a hand-off of an earlier, interrupted attempt is not an answer
        return handOff;
    }

    /// <summary>Writes the pod's outputs into the workspace; an output the pod did not publish is an error naming it.</summary>
    public async Task<int> RestoreAsync(string root, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(OutputsList))
            throw new TargetFailedException($"The training pod finished without publishing its outputs ({Path.GetRelativePath(root, OutputsList)} is missing): it must write {string.Join(", ", settings.Outputs)} under its working directory.");
        var store = new LocalArtifactStore(storeDirectory);
        var restored = new List<(string Hash, string Path)>();
        foreach (var line in await File.ReadAllLinesAsync(OutputsList, cancellationToken))
        {
            if (line.Split(' ', 2) is not [var hash, var path] || path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path))
                continue;
            restored.Add((hash, path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path));
        }

        foreach (var output in settings.Outputs.Where(output => !restored.Any(file => file.Path == output || file.Path.StartsWith(output + "/", StringComparison.Ordinal))))
            throw new TargetFailedException($"The training pod did not write {output}; Train declares it as an output.");
        foreach (var output in settings.Outputs)
        {
            var path = Path.Combine(root, output);
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true); // files of an earlier model must not survive beside the new ones
        }

        foreach (var (hash, path) in restored)
        {
            if (!await store.TryGetAsync(hash, Path.Combine(root, path), null, cancellationToken))
                throw new TargetFailedException($"{path} from the training pod is missing or corrupt in the store (sha256 {hash[..12]}).");
        }

        return restored.Count;
    }

    private static IEnumerable<string> InputFiles(string root, IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            var path = Path.Combine(root, input);
            if (input.Contains('*', StringComparison.Ordinal))
            {
                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddInclude(input);
                foreach (var file in matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal))
                    yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }
            else if (File.Exists(path))
            {
                yield return input;
            }
            else
            {
                throw new TargetFailedException($"Train's input {input} does not exist, so it cannot be handed to the training pod.");
            }
        }
    }
}
