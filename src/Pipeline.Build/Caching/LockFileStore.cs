using System.Text.RegularExpressions;
using Pipeline.Build.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pipeline.Build.Caching;

/// <summary>
/// Reads and atomically writes a lock file (YAML, sorted keys, no timestamps: the same content always gives the same bytes).
/// Reading walks YamlDotNet's node model rather than its reflection deserializer: every run reads the lock, and the
/// deserializer's set-up alone costs more than the rest of a warm no-op run.
/// </summary>
internal sealed partial class LockFileStore(string rootDirectory, string relativePath)
{
    private const string ChecksumPrefix = "# checksum: sha256:";
    private const string Sealed = "# Stage cache of Pipeline, sealed: its last line is a checksum of the lines above.";
    private const string Header = Sealed + "\n# Input and output hashes per target, and tracked data files. Written by ./build.sh; commit it. Do not edit by hand.\n";

    private static readonly Lazy<ISerializer> Serializer = new(() => new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitEmptyCollections)
        .Build());

    public string RelativePath { get; } = relativePath;

    private string FullPath => Path.Combine(rootDirectory, RelativePath);

    public LockFile Read()
    {
        if (!File.Exists(FullPath))
            return new LockFile(); // only an absent lock is a first run
        var text = File.ReadAllText(FullPath);
        CheckIntegrity(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw Corrupt($"({exception.Start.Line},{exception.Start.Column}): {(exception.InnerException ?? exception).Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new LockFile();
        var root = Mapping(stream.Documents[0].RootNode, "the document");
        var lockFile = new LockFile();
        foreach (var (key, value) in Entries(root))
        {
            switch (key)
            {
                case "version":
                    lockFile.Version = int.TryParse(Scalar(value, key), out var version) ? version : throw Corrupt(At(value, "version must be a number"));
                    break;
                case "data":
                    lockFile.Data = Hashes(value, key);
                    break;
                case "targets":
                    foreach (var (target, entry) in Entries(Mapping(value, key)))
                        lockFile.Targets[target] = Entry(Mapping(entry, target), target);
                    break;
                default:
                    throw Corrupt(At(value, $"unknown key '{key}'"));
            }
        }

        return lockFile.Version == 1 ? lockFile : throw Corrupt($": version {lockFile.Version} is not supported (this build writes version 1)");
    }

    public void Write(LockFile lockFile)
    {
        var content = Header + Serializer.Value.Serialize(lockFile);
        AtomicFile.WriteAllText(FullPath, content + ChecksumPrefix + ContentHasher.HashText(content) + "\n");
    }

    /// <summary>
    /// A sealed lock (first line <see cref="Sealed"/>) carries the SHA-256 of everything above its last line, so a lock that
    /// a crash left empty, zero-filled or cut (even at a line boundary) is refused instead of being read as "nothing
    /// recorded" and rewritten without the lost entries. An unsealed lock (written before sealing existed, or with the
    /// first and last lines removed after a deliberate edit) is read as it is and sealed on the next write.
    /// </summary>
    private void CheckIntegrity(string text)
    {
        if (text.Length == 0)
            throw Damaged("is empty");
        if (text.All(c => c is '\0'))
            throw Damaged("holds only zero bytes");
        if (text.Contains('\0', StringComparison.Ordinal))
            throw Damaged("contains zero bytes");
        if (!text.StartsWith(Sealed, StringComparison.Ordinal))
            return; // written before locks were sealed, or unsealed on purpose: read as it is, sealed on the next write
        var body = text.TrimEnd('\n');
        var last = body.LastIndexOf('\n') + 1;
        if (!body[last..].StartsWith(ChecksumPrefix, StringComparison.Ordinal))
            throw Damaged("is cut short (its checksum line is missing)");
        if (!string.Equals(body[(last + ChecksumPrefix.Length)..].Trim(), ContentHasher.HashText(text[..last]), StringComparison.Ordinal))
            throw Damaged("does not match its checksum (cut short, or edited by hand)");
    }

    private BuildConfigurationException Damaged(string problem) =>
        new($"{RelativePath} {problem}: the lock file is damaged, as a crash or power loss can leave it. Nothing was changed. Restore it with 'git checkout -- {RelativePath}' (or from a backup); deleting it instead makes every cached target run again and forgets data that lives only in the artifact store. If you edited it on purpose (a merge), remove its first and last lines (the seal and the checksum): the next run reads it as it is and seals it again.");

    private StageEntry Entry(YamlMappingNode node, string target)
    {
        var entry = new StageEntry();
        foreach (var (key, value) in Entries(node))
        {
            var hashes = Hashes(value, $"{target}.{key}");
            switch (key)
            {
                case "inputs": entry.Inputs = hashes; break;
                case "parameters": entry.Parameters = hashes; break;
                case "outputs": entry.Outputs = hashes; break;
                default: throw Corrupt(At(value, $"unknown key '{key}' in target {target}"));
            }
        }

        return entry;
    }

    private SortedDictionary<string, string> Hashes(YamlNode node, string context)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(Mapping(node, context)))
        {
            var hash = Scalar(value, key);
            hashes[key] = Sha256Hex().IsMatch(hash) ? hash : throw Corrupt(At(value, $"the hash of '{key}' is not a SHA-256 hex string"));
        }

        return hashes;
    }

    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode node) =>
        node.Children.Select(pair => (Scalar(pair.Key, "a key"), pair.Value));

    private YamlMappingNode Mapping(YamlNode node, string context) => node switch
    {
        YamlMappingNode mapping => mapping,
        YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
        _ => throw Corrupt(At(node, $"{context} must be a mapping")),
    };

    private string Scalar(YamlNode node, string context) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Corrupt(At(node, $"{context} must be a plain value"));

    private static string At(YamlNode node, string problem) => $"({node.Start.Line},{node.Start.Column}): {problem}";

    private BuildConfigurationException Corrupt(string detail) =>
        new($"{RelativePath}{detail.TrimEnd('.')}. The lock file is corrupt: restore it with 'git checkout -- {RelativePath}', or delete it so every cached target runs once and records it again.");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
