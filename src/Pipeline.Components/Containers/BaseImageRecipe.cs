namespace Pipeline.Components.Containers;

/// <summary>
/// What goes into an offline base image: Debian packages at exact versions ("name=version"), what else the image is
/// built from (<paramref name="Identity"/>, such as the .NET runtime version: part of the image's tag), shell lines run
/// against the root file system in <c>$R</c>, and the image's environment.
/// </summary>
public sealed record BaseImageRecipe(string Name, IReadOnlyList<string> Packages, string Identity, string Setup, IReadOnlyList<string> Environment);
