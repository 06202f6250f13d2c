using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Pipeline.Build.IO;

/// <summary>
/// What says a file is unchanged without reading it, as git's index does: size, modification and status-change
/// times, and the inode. A rename or a <c>touch -r</c> keeps the size and modification time but not the change time
/// or the inode, so swapped or re-stamped files are read again. .NET exposes neither, hence statx (Linux); elsewhere
/// size and modification time only.
/// </summary>
internal readonly partial record struct FileStamp(long Size, long ModifiedTicks, long ChangedTicks, ulong Inode)
{
    private const int AtCurrentDirectory = -100;
    private const uint BasicStats = 0x7ff;
    private static bool statxMissing = !OperatingSystem.IsLinux();

    /// <summary>The file's stamp; throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    public static FileStamp Of(string path)
    {
        if (!statxMissing)
        {
            Span<byte> buffer = stackalloc byte[256]; // struct statx; no allocation per file on the hot path
            try
            {
                if (Statx(AtCurrentDirectory, path, 0, BasicStats, buffer) == 0)
                    return new FileStamp(
                        BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
                        Ticks(buffer, 112),
                        Ticks(buffer, 96),
                        BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]));
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                statxMissing = true;
            }
        }

        var info = new FileInfo(path);
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, 0, 0);
    }

    /// <summary>The file's stamp, or null when it cannot be read (no such file, no access).</summary>
    public static FileStamp? TryOf(string path)
    {
        try
        {
            return Of(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The stamp in four tab-separated fields (size, modified and changed ticks, inode), as the caches that keep stamps
    /// write it: appended in place, since a record of 100,000 files writes as many.
    /// </summary>
    public StringBuilder AppendFields(StringBuilder text) =>
        text.Append(CultureInfo.InvariantCulture, $"{Size}\t{ModifiedTicks}\t{ChangedTicks}\t{Inode}");

    /// <summary>Reads the four fields <see cref="AppendFields"/> writes, at <paramref name="fields"/> of <paramref name="line"/>; false when one is not a number.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, out FileStamp stamp)
    {
        stamp = default;
        if (fields.Length != 4
            || !long.TryParse(line[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(line[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var modified)
            || !long.TryParse(line[fields[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var changed)
            || !ulong.TryParse(line[fields[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            return false;
        stamp = new FileStamp(size, modified, changed, inode);
        return true;
    }

    /// <summary>
    /// How long after a change a stamp is trusted to tell it: a file rewritten again within this time (the same size,
    /// within one tick of a coarse file system) could keep its stamp, so nothing that recent is remembered.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>When the file was last modified, UTC.</summary>
    public DateTime Modified => new(ModifiedTicks, DateTimeKind.Utc);

    /// <summary>Whether the file's content or status changed after <paramref name="limit"/> (UTC).</summary>
    public bool IsNewerThan(DateTime limit) => ModifiedTicks > limit.Ticks || ChangedTicks > limit.Ticks;

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; }: the layout is the same on every architecture
    private static long Ticks(ReadOnlySpan<byte> buffer, int offset) =>
        DateTime.UnixEpoch.Ticks + BinaryPrimitives.ReadInt64LittleEndian(buffer[offset..]) * TimeSpan.TicksPerSecond
        + BinaryPrimitives.ReadUInt32LittleEndian(buffer[(offset + 8)..]) / 100;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
