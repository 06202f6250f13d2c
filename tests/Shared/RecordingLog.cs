using Pipeline.Build;

namespace Pipeline.Tests.Shared;

/// <summary>A build log that keeps its lines (thread-safe: transfers log in parallel), for components driven directly.</summary>
internal sealed class RecordingLog : IBuildLog
{
    public List<string> Lines { get; } = [];

    public List<string> MaskedSecrets { get; } = [];

    public void Info(string message) => Add(message);
    public void Warn(string message) => Add("warning: " + message);
    public void Error(string message) => Add("error: " + message);

    public void MaskSecret(string value)
    {
        lock (Lines)
            MaskedSecrets.Add(value);
        Add("masked a secret");
    }

    public void Progress(string step, int done, int total) => Add($"{step}: {done}/{total}");

    private void Add(string line)
    {
        lock (Lines)
            Lines.Add(line);
    }
}
