namespace Pipeline.Build.Execution;

/// <summary>The <see cref="UnchangedProof"/> the running target reported, if any: the executor clears it before each target and takes it after.</summary>
internal sealed class UnchangedReports
{
    private UnchangedProof? current;

    public void Report(UnchangedProof proof) => current = proof;

    public void Clear() => current = null;

    public UnchangedProof? Take()
    {
        var proof = current;
        current = null;
        return proof;
    }
}
