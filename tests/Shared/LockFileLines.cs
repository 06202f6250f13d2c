namespace Pipeline.Tests.Shared;

/// <summary>Parts of a pipeline.lock as text, for comparing two builds' records.</summary>
internal static class LockFileLines
{
    /// <summary>The output lines (path and hash of every output file) of the lock's one target.</summary>
    public static List<string> Outputs(string lockFile) =>
        [.. lockFile.Split('\n').SkipWhile(line => line.Trim() != "outputs:").Skip(1).TakeWhile(line => line.StartsWith("      ", StringComparison.Ordinal))];
}
