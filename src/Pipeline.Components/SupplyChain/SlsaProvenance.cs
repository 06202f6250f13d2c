using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Components.Containers;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// An in-toto statement (v1) with SLSA provenance (v1) for a pushed image: the image's digest as its subject; the
/// source repository, commit and whether the work tree was dirty, the training command and hyper-parameters as the
/// build's parameters; the commit and every dataset file (SHA-256) as resolved dependencies; the builder and run; the
/// model's files as by-products. Built on System.Text.Json: a fixed shape, and no in-toto library is served for .NET.
/// </summary>
internal static class SlsaProvenance
{
    /// <summary>Where Push writes the statement, beside the bill of materials.</summary>
    public const string FileName = "artifacts/provenance.intoto.json";

    /// <summary>The predicate type verifiers select provenance by (<c>cosign verify-attestation --type slsaprovenance1</c>).</summary>
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>What this build type's parameters mean (docs/images.md describes them).</summary>
    public const string BuildType = "urn:pipeline:buildtype:model-image:v1";

    public static JsonObject Create(ModelBomSubject subject, BuildInvocation invocation, DateTimeOffset finishedOn, string toolVersion)
    {
        var dirty = subject.Revision.EndsWith(SourceRevision.DirtySuffix, StringComparison.Ordinal);
        var commit = dirty ? subject.Revision[..^SourceRevision.DirtySuffix.Length] : subject.Revision;
        var source = new JsonObject { ["uri"] = invocation.SourceUri, ["revision"] = commit, ["dirty"] = dirty };
        if (invocation.Ref is { } reference)
            source["ref"] = reference;

        var dependencies = new JsonArray();
        if (commit is { Length: 40 or 64 } && commit.All(char.IsAsciiHexDigitLower))
            dependencies.Add(new JsonObject { ["uri"] = $"git+{invocation.SourceUri}{(invocation.Ref is { } at ? "@" + at : "")}", ["digest"] = new JsonObject { ["gitCommit"] = commit } });
        foreach (var (path, hash) in subject.Datasets)
            dependencies.Add(new JsonObject { ["name"] = path, ["digest"] = new JsonObject { ["sha256"] = hash } });

        var metadata = new JsonObject { ["startedOn"] = Timestamp(invocation.StartedOn), ["finishedOn"] = Timestamp(finishedOn) };
        if (invocation.InvocationId is { } run)
            metadata["invocationId"] = run;

        return new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = subject.ImageName, ["digest"] = new JsonObject { ["sha256"] = subject.Digest.Replace("sha256:", "", StringComparison.Ordinal) } }),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = new JsonObject
                    {
                        ["source"] = source,
                        ["trainingCommand"] = string.Join(' ', subject.Command),
                        ["hyperparameters"] = new JsonObject([.. subject.Parameters.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]),
                    },
                    ["resolvedDependencies"] = dependencies,
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject { ["id"] = invocation.BuilderId, ["version"] = new JsonObject { ["pipeline"] = toolVersion } },
                    ["metadata"] = metadata,
                    ["byproducts"] = new JsonArray([.. subject.ModelFiles.Select(pair => (JsonNode)new JsonObject { ["name"] = pair.Key, ["digest"] = new JsonObject { ["sha256"] = pair.Value } })]),
                },
            },
        };
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
