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
        (int Line, string PathInImage)? copy = null;
        foreach (var (text, firstLine, lastLine) in ContainerfileSources.InstructionLines(containerfile))
        {
            var words = ContainerfileSources.Words(text);
            if (words.Count == 0)
                continue;
            if (copy is not null && !SettingsOnly.Contains(words[0]))
                return null; // files or another stage after the model: the model is not the last layer
            if (!words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase) || words.Count != 3 || ContainerfileSources.Normalize(words[1]) != modelFolder)
                continue;
            var destination = words[2].TrimEnd('/');
            if (firstLine != lastLine || !destination.StartsWith('/') || destination.Length < 2 || destination.Contains('$', StringComparison.Ordinal))
                return null; // over several lines, relative to WORKDIR or a variable: buildah resolves it
            copy = (firstLine, destination);
        }

        return copy is { } found
            ? new ModelCopy(string.Join('\n', containerfile.Split('\n').Where((_, index) => index != found.Line)), found.PathInImage)
            : null;
    }
}
