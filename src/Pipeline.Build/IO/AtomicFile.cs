namespace Pipeline.Build.IO;

/// <summary>
/// Writes a file by writing a temporary sibling and renaming it over the target, so readers never see half a file and
/// an interrupted write leaves the old content; the data and the rename are flushed to the disk, so a power loss does too. Use it for every file a target records state in (records, reports,
/// manifests another step reads).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes text atomically, creating the directory when needed.</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents));

    /// <summary>
    /// Writes a cache file atomically for readers (renamed into place) without flushing it to the disk: after a power
    /// loss it may be empty or old, which a cache reader treats as a miss. Flushing a 12 MB record costs more than the
    /// rest of its write on these disks.
    /// </summary>
    internal static void WriteCacheText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents), durable: false);

    /// <summary>Writes by letting <paramref name="write"/> fill a temporary path, then renames it into place.</summary>
    public static void Write(string path, Action<string> write) => Write(path, write, durable: true);

    private static void Write(string path, Action<string> write, bool durable)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temporary);
            if (durable)
                Durable.Replace(temporary, path); // flushed before and after the rename: a crash leaves the old file or the new one, never an empty one
            else
                File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
