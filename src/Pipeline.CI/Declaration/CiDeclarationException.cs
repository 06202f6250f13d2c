namespace Pipeline.CI.Declaration;

/// <summary>A CI declaration the generators cannot express; the message names the target and the fix.</summary>
public sealed class CiDeclarationException(string message) : Exception(message);
