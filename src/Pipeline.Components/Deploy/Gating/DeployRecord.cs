using System.Text.Json;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>
/// What runs in an environment, recorded where it runs (the local deployment's state, an annotation of the cluster's
/// ApplySet parent): the image by digest, the revision it was built from, the model's metrics, when and by whom
/// (the CI job, or user@host), and the reason given when a worse model was accepted.
/// </summary>
public sealed record DeployRecord(string Image, string Revision, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset DeployedAt, string DeployedBy)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The model image (KServe ModelCar) deployed beside the serving image, by digest; null when there is none.</summary>
    public string? ModelImage { get; init; }

    /// <summary>The gate's table as it judged this version (null without rules): shown in a GitOps pull request.</summary>
    public string? Verdict { get; init; }

    /// <summary>The reason given with <c>--accept-worse</c> when the gate refused this version; null when it passed.</summary>
    public string? AcceptedWorse { get; init; }

    /// <summary>The metrics at the top of metrics.json (not per class, not matrices): what a person reads first.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<KeyValuePair<string, double>> TopLevelMetrics =>
        Metrics.Where(metric => !metric.Key.Contains('.', StringComparison.Ordinal) && !metric.Key.Contains('[', StringComparison.Ordinal));

    /// <summary>The revision's first 12 characters.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ShortRevision => Containers.SourceRevision.Shorten(Revision);

    /// <summary>The record as one line of JSON (an annotation value).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The record from <see cref="ToJson"/>; null for text that is not one (an annotation someone edited).</summary>
    public static DeployRecord? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            var record = JsonSerializer.Deserialize<DeployRecord>(json, Json);
            return record is { Image: not null, Revision: not null, Metrics: not null, DeployedBy: not null } ? record : null; // fields missing: not one of ours
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
