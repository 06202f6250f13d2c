namespace Pipeline.Components.Containers;

/// <summary>
/// How an <see cref="AppImage"/> is built: its Containerfile (written to <paramref name="ContainerfilePath"/>), the
/// build context, the folder its record is kept in, what the record is keyed by (the same inputs, the same image) and
/// any <c>--build-arg</c>.
/// </summary>
internal sealed record AppImageBuild(string Containerfile, string ContainerfilePath, string Context, string RecordDirectory, string Inputs, IReadOnlyList<string> Arguments);
