namespace Pipeline.Components.Containers;

/// <summary>
/// The one plain <c>COPY &lt;model folder&gt; &lt;absolute path&gt;</c> of a user's Containerfile, in its last stage
/// with only settings after it (ENV, USER, ENTRYPOINT, …). Such a Containerfile is built as the app image (the same
/// file without that line) and the model laid on it as a layer of ours at that path (<see cref="ServingImage"/>): the
/// files and modes the COPY gives, root-owned, so a model change needs no build.
/// </summary>
internal sealed record ModelCopy(string AppContainerfile, string PathInImage)
{
    // instructions that change only the image's config, not its files: the model layer may come after them
    private static readonly HashSet<string> SettingsOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "ENV", "EXPOSE", "USER", "ENTRYPOINT", "CMD", "LABEL", "STOPSIGNAL", "HEALTHCHECK", "ARG", "SHELL",
    };

    /// <summary>
    /// The split of <paramref name="containerfile"/> around its COPY of <paramref name="modelFolder"/> (relative to the
    /// build context, <c>/</c>-separated), or null when the file is not of that shape and <c>buildah bud</c> builds it whole.
    /// </summary>
    public static ModelCopy? Find(string containerfile, string modelFolder)
    {
        if (containerfile.Contains("<<", StringComparison.Ordinal) || modelFolder.StartsWith("..", StringComparison.Ordinal))
            return null; // a heredoc, or a model outside the context: buildah's own reading decides
        var lines = containerfile.Split('\n');
        int? copyLine = null;
        string? pathInImage = null;
        var continues = false;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var continuation = continues;
            continues = line.EndsWith('\\');
            if (continuation)
                continue;
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (copyLine is not null && !SettingsOnly.Contains(words[0]))
                return null; // files or another stage after the model: the model is not the last layer
            if (!words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase) || continues || words.Length != 3 || Normalize(words[1]) != modelFolder)
                continue;
            var destination = words[2].TrimEnd('/');
            if (!destination.StartsWith('/') || destination.Length < 2 || destination.Contains('$', StringComparison.Ordinal))
                return null; // relative to WORKDIR or a variable: buildah resolves it
            copyLine = index;
            pathInImage = destination;
        }

        return copyLine is { } found
            ? new ModelCopy(string.Join('\n', lines.Where((_, index) => index != found)), pathInImage!)
            : null;
    }

    private static string Normalize(string source) =>
        (source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source).TrimEnd('/');
}
