using Pipeline.Build.Graph;
using Pipeline.Build.Parameters;

namespace Pipeline.Build.Caching;

/// <summary>
/// Decides "up to date" for targets with Inputs and Outputs and records entries after they succeed.
/// Repository-scoped entries go to <c>pipeline.lock</c>; per-machine ones to <c>.nuke/temp/local.lock</c>.
/// </summary>
internal sealed class StageCache
{
    public const string LockFileName = BuildLayout.LockFile;
    public const string MachineLockFileName = BuildLayout.MachineLockFile;

    private readonly ContentHasher hasher;
    private readonly InputTrees trees;
    private readonly FileHashCache hashCache;
    private readonly ParameterValues parameters;
    private readonly object build;
    private readonly LockFileStore repositoryStore;
    private readonly LockFileStore machineStore;
    private readonly LockFile repositoryLock;
    private readonly LockFile machineLock;

    private readonly HashSet<string> restoredEarlier = new(StringComparer.Ordinal);
    private readonly string rootDirectory;
    private readonly ArtifactTransfer transfer;
    private readonly RunCache runs;

    public StageCache(string rootDirectory, ParameterValues parameters, object build, ArtifactTransfer transfer, IBuildLog? log = null)
    {
        this.rootDirectory = rootDirectory;
        this.transfer = transfer;
        runs = new RunCache(rootDirectory, log);
        hashCache = FileHashCache.Load(rootDirectory);
        hasher = new ContentHasher(rootDirectory, hashCache);
        trees = new InputTrees(rootDirectory);
        this.parameters = parameters;
        this.build = build;
        repositoryStore = new LockFileStore(rootDirectory, LockFileName);
        machineStore = new LockFileStore(rootDirectory, MachineLockFileName);
        repositoryLock = repositoryStore.Read();
        machineLock = machineStore.Read();
    }

    public async Task<CacheCheck> CheckAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        var check = Check(target);
        if (check.IsUpToDate && restoredEarlier.Contains(target.Name))
            return check with { Reason = $"outputs restored from the {transfer.Store.Description} by Restore --pull", WasRestored = true };
        if (check.IsUpToDate)
            return check;
        if (!check.InputsMatch && !target.Definition.IsCachedPerMachine && await runs.TryRestoreAsync(target.Name, check.CurrentInputs, cancellationToken) is { } earlier)
        {
            WriteEntry(target, earlier);
            return new CacheCheck(true, $"outputs restored from the run cache: ran before with these inputs ({check.Reason})", check.CurrentInputs, InputsMatch: true, WasRestored: true);
        }

        return !transfer.Pull || !check.InputsMatch ? check : await RestoreOutputsAsync(target, check, transfer, cancellationToken);
    }

    /// <summary>Remembers the run just recorded (entry and outputs), so returning to these inputs later restores instead of running.</summary>
    public async Task RememberRunAsync(ExecutableTarget target, StageEntry recorded, CancellationToken cancellationToken)
    {
        if (!target.Definition.IsCachedPerMachine)
            await runs.RememberAsync(target.Name, recorded, cancellationToken);
    }

    /// <summary>Fetches the outputs the check found missing or modified (the others were just hashed and match).</summary>
    private async Task<CacheCheck> RestoreOutputsAsync(ExecutableTarget target, CacheCheck check, ArtifactTransfer pull, CancellationToken cancellationToken)
    {
        var recorded = StoreOf(target).Lock.Targets[target.Name].Outputs;
        var stale = check.StaleOutputs.Where(recorded.ContainsKey).ToDictionary(path => path, path => recorded[path]);
        var missing = await pull.RestoreAsync(rootDirectory, stale, cancellationToken);
        return missing.Count == 0
            ? new CacheCheck(true, $"outputs restored from the {pull.Store.Description}", check.CurrentInputs, WasRestored: true)
            : check with { Reason = check.Reason + $"; not in the {pull.Store.Description}: {Summarise(missing)}" };
    }

    /// <summary>
    /// Restores, from the store, the missing outputs of every target whose recorded inputs match the checkout
    /// (Restore --pull does this for the whole graph); returns the names of the targets restored.
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreMatchingOutputsAsync(IEnumerable<ExecutableTarget> targets, CancellationToken cancellationToken)
    {
        var restored = new List<string>();
        if (!transfer.Pull)
            return restored;
        foreach (var target in targets.Where(t => t.IsCacheable && !t.Definition.IsCachedPerMachine))
        {
            CacheCheck check;
            try
            {
                check = Check(target);
            }
            catch (TargetFailedException)
            {
                continue; // an input is missing here: the target reports it when it runs
            }

            if (!check.IsUpToDate && check.InputsMatch && (await RestoreOutputsAsync(target, check, transfer, cancellationToken)).WasRestored)
            {
                restored.Add(target.Name);
                restoredEarlier.Add(target.Name);
            }
        }

        return restored;
    }

    /// <summary>The run's hash cache, shared with the data checks.</summary>
    public FileHashCache HashCache => hashCache;

    /// <summary>The input hashes of a target now (after it ran: files it pulled or generated count).</summary>
    public StageEntry CurrentInputs(ExecutableTarget target)
    {
        var inputs = hasher.HashInputs(target.Definition.InputPaths, trees, out var missing);
        if (missing.Count > 0)
            throw new TargetFailedException($"input {string.Join(", ", missing)} of {target.Name} disappeared while it ran.");
        return new StageEntry { Inputs = inputs, Parameters = HashParameters(target) };
    }

    /// <summary>Where outputs are restored from, for messages.</summary>
    public string StoreDescription => transfer.Store.Description;

    /// <summary>Keeps the hashes learnt in this run for the next one.</summary>
    public void SaveHashCache() => hashCache.Save();

    /// <summary>Uploads the recorded outputs of a target that ran, when pushing is on.</summary>
    public async Task PushOutputsAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        if (!transfer.Push || target.Definition.IsCachedPerMachine)
            return; // per-machine outputs (obj/project.assets.json) hold this machine's paths: no other machine reads them
        await transfer.UploadAsync(rootDirectory, StoreOf(target).Store.Read().Targets[target.Name].Outputs, cancellationToken);
    }

    public CacheCheck Check(ExecutableTarget target)
    {
        var current = new StageEntry
        {
            Inputs = hasher.HashInputs(target.Definition.InputPaths, trees, out var missingInputs),
            Parameters = HashParameters(target),
        };
        if (missingInputs.Count > 0)
            throw new TargetFailedException($"{target.Name}'s input {string.Join(", ", missingInputs.Select(input => $"'{input}'"))} does not exist in {rootDirectory}. Restore it (git checkout, or the data source); if your project keeps it elsewhere, point the setting that names it there (every path is a setting, see docs/runtime-dependencies.md: RestoreSettings.DataDirectory, TrainSettings.DataDirectory, TrainSettings.ParamsFile, ContainerSettings.Containerfile, …), or remove it from the target's Inputs.");

        var (_, lockFile) = StoreOf(target);
        if (!lockFile.Targets.TryGetValue(target.Name, out var recorded))
            return new CacheCheck(false, $"not in {StoreOf(target).Store.RelativePath} yet", current);
        var changed = Differences(recorded.Inputs, current.Inputs).SelectMany(path => ChangedFiles(path, recorded.Inputs, current.Inputs)).Concat(Differences(recorded.Parameters, current.Parameters).Select(name => name.Contains(':', StringComparison.Ordinal) ? name : "parameter " + name)).ToList();
        if (changed.Count > 0)
            return new CacheCheck(false, "changed: " + Summarise(changed), current);

        var outputs = hasher.Hash(target.Definition.OutputPaths, out _);
        var outputChanges = Differences(recorded.Outputs, outputs).ToList();
        return outputChanges.Count > 0
            ? new CacheCheck(false, "outputs missing or modified: " + Summarise(outputChanges), current, InputsMatch: true) { StaleOutputs = outputChanges }
            : new CacheCheck(true, "inputs and outputs match " + StoreOf(target).Store.RelativePath, current, InputsMatch: true);
    }

    /// <summary>
    /// The target's outputs that exist but are not what its entry in the lock recorded: a set that an interrupted run left
    /// mixed (some files new, some old), or files changed by hand. Empty when nothing is recorded for it.
    /// </summary>
    public IReadOnlyList<string> ModifiedOutputs(ExecutableTarget target)
    {
        if (!target.IsCacheable || !StoreOf(target).Lock.Targets.TryGetValue(target.Name, out var recorded))
            return [];
        var outputs = hasher.Hash(target.Definition.OutputPaths, out _);
        return [.. outputs.Where(output => recorded.Outputs.TryGetValue(output.Key, out var hash) && hash != output.Value).Select(output => output.Key)
            .Concat(outputs.Keys.Where(path => !recorded.Outputs.ContainsKey(path)))];
    }

    /// <summary>Hashes the outputs the target wrote and saves the entry atomically; returns the entry recorded.</summary>
    public StageEntry Record(ExecutableTarget target, StageEntry inputs)
    {
        var outputs = hasher.Hash(target.Definition.OutputPaths, out var missing);
        if (missing.Count > 0)
            throw new TargetFailedException($"{target.Name} declares output {string.Join(", ", missing)} but did not write it.");
        var entry = new StageEntry { Inputs = inputs.Inputs, Parameters = inputs.Parameters, Outputs = outputs };
        WriteEntry(target, entry);
        return entry;
    }

    private void WriteEntry(ExecutableTarget target, StageEntry entry)
    {
        // read again: another writer in this run (TrackData) may have changed the file since the checks
        var store = StoreOf(target).Store;
        var lockFile = store.Read();
        lockFile.Targets[target.Name] = entry;
        store.Write(lockFile);
    }

    private (LockFileStore Store, LockFile Lock) StoreOf(ExecutableTarget target) =>
        target.Definition.IsCachedPerMachine ? (machineStore, machineLock) : (repositoryStore, repositoryLock);

    private SortedDictionary<string, string> HashParameters(ExecutableTarget target)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in target.Definition.InputParameterNames)
        {
            var parameter = parameters.Find(name)
                ?? throw new BuildConfigurationException($"{target.Name} declares InputParameters(\"{name}\") but the build has no parameter of that name.");
            if (parameter.IsSecret)
                throw new BuildConfigurationException($"{target.Name} declares the secret parameter {name} as a cache input; secrets are never recorded, not even hashed. Remove it from InputParameters.");
            var value = parameter.CurrentValue(build);
            var text = value is string[] list ? string.Join('\n', list) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            hashes[parameter.MemberName] = ContentHasher.HashText(text);
        }

        foreach (var (_, _, values) in target.Definition.InputValueSources)
        {
            foreach (var (key, value) in values())
                hashes[key] = ContentHasher.HashText(value);
        }

        return hashes;
    }

    /// <summary>A changed file is itself; a changed tree is the files in it that changed, when this machine has both lists.</summary>
    private IEnumerable<string> ChangedFiles(string key, IDictionary<string, string> recorded, IDictionary<string, string> current) =>
        InputTrees.IsTree(key) && recorded.TryGetValue(key, out var before) && current.TryGetValue(key, out var now)
        && trees.Files(before) is { } beforeFiles && trees.Files(now) is { } nowFiles && Differences(beforeFiles, nowFiles).ToList() is { Count: > 0 } files
            ? files
            : [key];

    private static IEnumerable<string> Differences(IDictionary<string, string> recorded, IDictionary<string, string> current) =>
        recorded.Keys.Union(current.Keys)
            .Where(key => !recorded.TryGetValue(key, out var a) || !current.TryGetValue(key, out var b) || a != b)
            .Order(StringComparer.Ordinal);

    private static string Summarise(IReadOnlyList<string> names) =>
        names.Count <= 3 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(3))} and {names.Count - 3} more";
}
