namespace Pipeline.Build;

/// <summary>
/// An absolute, normalised file-system path. <c>RootDirectory / "artifacts" / "model"</c> joins segments (forward
/// slashes allowed in each); it converts to <see cref="string"/> wherever a path string is expected.
/// </summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private AbsolutePath(string value) => Value = value;

    /// <summary>The full path, without a trailing separator.</summary>
    public string Value { get; }

    /// <summary>The last segment (file or directory name).</summary>
    public string Name => Path.GetFileName(Value);

    /// <summary>The directory holding this path, or null at the file-system root.</summary>
    public AbsolutePath? Parent => Path.GetDirectoryName(Value) is { } parent ? new AbsolutePath(parent) : null;

    /// <summary>A path from an absolute string; a relative one is refused, so a missing root cannot slip through.</summary>
    public static AbsolutePath Create(string path)
    {
        if (!Path.IsPathFullyQualified(path))
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        return new AbsolutePath(Normalise(path));
    }

    /// <summary>Joins a relative path (forward slashes allowed) to this one.</summary>
    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Normalise(Path.Combine(left.Value, right)));

    /// <summary>The path as a string.</summary>
    public static implicit operator string(AbsolutePath path) => path.Value;

    /// <summary>This path relative to <paramref name="basePath"/>, with forward slashes (as lock files and globs write it).</summary>
    public string RelativeTo(AbsolutePath basePath) => Path.GetRelativePath(basePath.Value, Value).Replace('\\', '/');

    /// <inheritdoc />
    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string Normalise(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 && Path.EndsInDirectorySeparator(full) ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }
}
