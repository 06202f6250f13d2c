using Pipeline.Build;

namespace Pipeline.Bench;

/// <summary>The benchmarks' build log: lines to the console, or only warnings and errors when quiet (so printing does not weigh on timings).</summary>
internal sealed class BenchLog(bool quiet = false) : IBuildLog
{
    public void Info(string message)
    {
        if (!quiet)
            Console.WriteLine(message);
    }

    public void Warn(string message) => Console.Error.WriteLine("warning: " + message);
    public void Error(string message) => Console.Error.WriteLine("error: " + message);

    public void MaskSecret(string value)
    {
    }

    public void Progress(string step, int done, int total)
    {
        if (!quiet)
            Console.WriteLine($"{step}: {done}/{total}");
    }
}
