namespace Pipeline.Build.Caching;

/// <summary>
/// Serialises runs on one checkout: an exclusive lock on <c>.nuke/temp/run.lock</c> (flock on Unix),
/// released when the process ends, even when it crashes.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string RelativePath = BuildLayout.TemporaryDirectory + "/run.lock";

    private readonly FileStream stream;

    private RunLock(FileStream stream) => this.stream = stream;

    public static async Task<RunLock> AcquireAsync(string rootDirectory, TimeSpan timeout, IBuildLog log, CancellationToken cancellationToken)
    {
        var path = Path.Combine(rootDirectory, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                File.WriteAllText(path + ".owner", $"pid {Environment.ProcessId}, started {DateTime.Now:HH:mm:ss}");
                return new RunLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!announced)
                {
                    log.Warn($"Another build is running in this checkout ({Owner(path)}); waiting up to {timeout.TotalSeconds:0} s for it to finish (--lock-timeout).");
                    announced = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            catch (IOException)
            {
                throw new BuildConfigurationException(
                    $"Another build is still running in this checkout ({Owner(path)}) after {timeout.TotalSeconds:0} s. Wait for it, or stop it, then run again; --lock-timeout <seconds> waits longer.");
            }
        }
    }

    /// <summary>The lock if no other build holds it, without waiting or writing the owner file: for a run that only reads.</summary>
    public static RunLock? TryAcquire(string rootDirectory)
    {
        try
        {
            return new RunLock(new FileStream(Path.Combine(rootDirectory, RelativePath), FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The holder as its owner file says, unless that process is gone (the file is an earlier run's: the holder is still starting).</summary>
    private static string Owner(string path)
    {
        try
        {
            var owner = File.ReadAllText(path + ".owner");
            var fields = owner.Split(' ', ',');
            return fields.Length > 1 && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}")
                ? "a build that is just starting"
                : owner;
        }
        catch (IOException)
        {
            return "owner unknown";
        }
    }

    public void Dispose() => stream.Dispose();
}
