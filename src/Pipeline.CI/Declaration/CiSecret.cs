namespace Pipeline.CI.Declaration;

/// <summary>A secret the pipelines may pass to jobs: its environment variable name and what it is for.</summary>
public sealed record CiSecret(string Name, string Description);
