namespace Pipeline.Build.Execution;

/// <summary>The exit codes of the command line contract.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int TargetFailed = 1;
    public const int UsageError = 2;
}
