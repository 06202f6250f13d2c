using System.Runtime.InteropServices;

namespace Pipeline.Build.IO;

/// <summary>
/// Puts a finished temporary file in place so that it survives a crash or power loss, as databases do: the file's data
/// is flushed to the disk before the rename (else ext4 can leave an empty or zero-filled file under the new name), and
/// the directory after it (else the rename itself can be lost).
/// </summary>
internal static partial class Durable
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Directory = 0x10000; // O_DIRECTORY on Linux (x64 and arm64); macOS ignores unknown flags here

    /// <summary>Flushes <paramref name="temporary"/>, renames it over <paramref name="destination"/> and flushes the directory.</summary>
    public static void Replace(string temporary, string destination)
    {
        FlushFile(temporary);
        File.Move(temporary, destination, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    /// <summary>Writes the file's data and metadata through to the disk (fsync).</summary>
    public static void FlushFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes the directory's entries (a rename into it) durable: fsync of the directory, where the OS has one.</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
            return; // NTFS journals metadata; a directory cannot be opened for a flush there
        var descriptor = Open(directory, ReadOnly | (OperatingSystem.IsLinux() ? Directory : 0));
        if (descriptor < 0)
            return; // not openable (permissions, a special file system): the rename stands as it is
        try
        {
            _ = Fsync(descriptor);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
