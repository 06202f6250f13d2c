using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipeline.Components.Deploy;

/// <summary>An image named by its digest (<c>registry/repository@sha256:…</c>), as <c>--image</c> takes a pre-built one.</summary>
public sealed partial record PinnedImage(string Name, string Digest) : IParsable<PinnedImage>
{
    /// <summary>The form a pinned image takes.</summary>
    public const string Format = "REGISTRY/REPOSITORY@sha256:<64 hex digits> (an image pinned by digest: skopeo inspect, or the registry's UI, shows it)";

    /// <summary>The reference: <c>name@digest</c>.</summary>
    public string Reference => $"{Name}@{Digest}";

    /// <summary>Reads a pinned reference; throws <see cref="FormatException"/> naming the form.</summary>
    public static PinnedImage Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var image) ? image : throw new FormatException(Format);

    /// <summary>Reads a pinned reference; false for a tag or anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out PinnedImage result)
    {
        var match = s is null ? Match.Empty : Pinned().Match(s.Trim());
        result = match.Success ? new PinnedImage(match.Groups["name"].Value, match.Groups["digest"].Value) : null;
        return result is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Reference;

    [GeneratedRegex("^(?<name>[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+)@(?<digest>sha256:[0-9a-f]{64})$")]
    private static partial Regex Pinned();
}
