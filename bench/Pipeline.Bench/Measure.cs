using System.Diagnostics;

namespace Pipeline.Bench;

/// <summary>Wall-clock time of one process run, and the median of several.</summary>
internal static class Measure
{
    public static double Run(string program, IReadOnlyList<string> arguments, string workingDirectory, bool expectSuccess, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stopwatch.Stop();
        if (expectSuccess && process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    public static Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory) =>
        Task.Run(() => Run(program, arguments, workingDirectory, expectSuccess: true));

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
