using Pipeline.Build;

namespace Pipeline.Tests.Shared;

/// <summary>A build log that keeps its lines, for components driven directly.</summary>
internal sealed class RecordingLog : IBuildLog
{
    public List<string> Lines { get; } = [];

    public void Info(string message) => Lines.Add(message);
    public void Warn(string message) => Lines.Add("warning: " + message);
    public void Error(string message) => Lines.Add("error: " + message);
    public void MaskSecret(string value) => Lines.Add("masked a secret");
    public void Progress(string step, int done, int total) => Lines.Add($"{step}: {done}/{total}");
}
