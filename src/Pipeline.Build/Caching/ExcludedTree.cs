namespace Pipeline.Build.Caching;

/// <summary>A folder name a glob does not walk into: at any depth (<c>**/bin/**</c>) or only at the root (<c>.nuke/**</c>).</summary>
internal sealed record ExcludedTree(string Name, bool AtAnyDepth);
