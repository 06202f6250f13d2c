namespace Pipeline.Build.Output;

/// <summary>Replaces every known secret value in a line with <c>***</c>; longest first, so overlapping secrets are masked whole.</summary>
internal sealed class SecretMasker
{
    public const string Mask = "***";
    private List<string> secrets = [];

    public void Add(IEnumerable<string> values) =>
        secrets = secrets.Concat(values.Where(v => v.Length >= 3)).Distinct().OrderByDescending(v => v.Length).ToList();

    public string Apply(string text)
    {
        foreach (var secret in secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
