using Pipeline.Build;

namespace Pipeline.Components.Storage;

/// <summary>A bucket and an object-name prefix, from <c>gs://bucket</c> or <c>gs://bucket/some/prefix</c>.</summary>
public sealed record GcsLocation(string Bucket, string Prefix)
{
    /// <summary>Whether the text is a gs:// address.</summary>
    public static bool IsGcs(string text) => text.StartsWith("gs://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses gs://bucket[/prefix]; bucket names follow Cloud Storage's rules (3–63 of a-z, 0-9, -, _, .).</summary>
    public static GcsLocation Parse(string text)
    {
        var rest = text[5..].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..] + "/";
        if (!System.Text.RegularExpressions.Regex.IsMatch(bucket, "^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$"))
            throw new BuildConfigurationException($"'{text}' is not a Cloud Storage address: use gs://BUCKET or gs://BUCKET/PREFIX (bucket names are 3-63 lower-case letters, digits, '-', '_' or '.').");
        return new GcsLocation(bucket, prefix);
    }

    /// <inheritdoc />
    public override string ToString() => $"gs://{Bucket}/{Prefix}".TrimEnd('/');
}
