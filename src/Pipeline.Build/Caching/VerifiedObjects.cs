using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// The objects of a local store found to match their name, with the stamp each had then (<c>verified.tsv</c> in the
/// store, one appended line per object). An object whose stamp still matches has not been written since (a write or a
/// replacement changes its change time or inode), so a restore copies it without hashing it again, as DVC trusts its
/// state database for cache files; any other object is checked on the way out, as before. Safe from several threads;
/// several processes may append at once (one short line per write).
/// </summary>
internal sealed class VerifiedObjects(string storeDirectory)
{
    public const string FileName = "verified.tsv";
    private readonly string path = Path.Combine(storeDirectory, FileName);
    private readonly Lock gate = new();
    private Dictionary<string, FileStamp>? known;

    /// <summary>Whether the object was verified with this very stamp.</summary>
    public bool Holds(string sha256, FileStamp stamp)
    {
        lock (gate)
            return (known ??= Load()).TryGetValue(sha256, out var verified) && verified == stamp && stamp.Inode != 0;
    }

    /// <summary>
    /// Remembers an object just verified, read while it had <paramref name="stamp"/> from start to end. Not one changed
    /// within <see cref="FileStamp.SettleTime"/>: a write in the same tick could keep the stamp.
    /// </summary>
    public void Remember(string sha256, FileStamp stamp)
    {
        if (stamp.Inode == 0 || stamp.IsNewerThan(DateTime.UtcNow - FileStamp.SettleTime))
            return;
        lock (gate)
        {
            if ((known ??= Load()).TryGetValue(sha256, out var verified) && verified == stamp)
                return;
            known[sha256] = stamp;
            try
            {
                using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
                file.Write(Encoding.ASCII.GetBytes(stamp.AppendFields(new StringBuilder(sha256).Append('\t')).Append('\n').ToString())); // one write: appenders do not interleave
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // only saves a later hashing: a store it cannot write checks every object
            }
        }
    }

    private Dictionary<string, FileStamp> Load()
    {
        var entries = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        string text;
        try
        {
            text = File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return entries;
        }

        Span<Range> fields = stackalloc Range[6];
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            // a line torn by a crash, or appended by another writer mid-line, fails to parse and is skipped
            if (line.Split(fields, '\t') == 5 && line[fields[0]].Length == 64 && FileStamp.TryParse(line, fields[1..5], out var stamp))
                entries[line[fields[0]].ToString()] = stamp;
        }

        return entries;
    }
}
