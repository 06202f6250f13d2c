using System.Text.RegularExpressions;
using Pipeline.Build.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pipeline.Build.Caching;

/// <summary>Reads and atomically writes a lock file (YAML, sorted keys, no timestamps: the same content always gives the same bytes).</summary>
internal sealed partial class LockFileStore(string rootDirectory, string relativePath)
{
    private const string Header = "# Stage cache of Pipeline: input and output hashes per target, and tracked data files.\n# Written by ./build.sh; commit it. Do not edit by hand.\n";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public string RelativePath { get; } = relativePath;

    private string FullPath => Path.Combine(rootDirectory, RelativePath);

    public LockFile Read()
    {
        if (!File.Exists(FullPath))
            return new LockFile();
        LockFile? lockFile;
        try
        {
            lockFile = Deserializer.Deserialize<LockFile?>(File.ReadAllText(FullPath));
        }
        catch (YamlException exception)
        {
            throw Corrupt($"({exception.Start.Line},{exception.Start.Column}): {(exception.InnerException ?? exception).Message}");
        }

        lockFile ??= new LockFile();
        if (lockFile.Version != 1)
            throw Corrupt($": version {lockFile.Version} is not supported (this build writes version 1)");
        var badHash = lockFile.Data.Concat(lockFile.Targets.Values.SelectMany(e => e.Inputs.Concat(e.Parameters).Concat(e.Outputs)))
            .FirstOrDefault(pair => !Sha256Hex().IsMatch(pair.Value ?? ""));
        if (badHash.Key is not null)
            throw Corrupt($": the hash of '{badHash.Key}' is not a SHA-256 hex string");
        return Normalise(lockFile);
    }

    public void Write(LockFile lockFile) => AtomicFile.WriteAllText(FullPath, Header + Serializer.Serialize(lockFile));

    /// <summary>YamlDotNet fills dictionaries with the default comparer; re-sort ordinally so output is stable.</summary>
    private static LockFile Normalise(LockFile lockFile) => new()
    {
        Version = lockFile.Version,
        Data = new SortedDictionary<string, string>(lockFile.Data, StringComparer.Ordinal),
        Targets = new SortedDictionary<string, StageEntry>(
            lockFile.Targets.ToDictionary(pair => pair.Key, pair => new StageEntry
            {
                Inputs = new(pair.Value.Inputs, StringComparer.Ordinal),
                Parameters = new(pair.Value.Parameters, StringComparer.Ordinal),
                Outputs = new(pair.Value.Outputs, StringComparer.Ordinal),
            }),
            StringComparer.Ordinal),
    };

    private BuildConfigurationException Corrupt(string detail) =>
        new($"{RelativePath}{detail}. The lock file is corrupt: restore it with 'git checkout -- {RelativePath}', or delete it so every cached target runs once and records it again.");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
