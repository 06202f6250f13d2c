using System.Security.Cryptography;

namespace Pipeline.Build.IO;

/// <summary>Copies a stream while hashing what passes (SHA-256) and reporting the bytes copied so far.</summary>
public static class HashingCopy
{
    private const int BufferSize = 1 << 17;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, feeding <paramref name="hash"/> and telling <paramref name="progress"/> the running total, counted from <paramref name="startAt"/>.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, IncrementalHash? hash, Action<long>? progress, CancellationToken cancellationToken, long startAt = 0)
    {
        var buffer = new byte[BufferSize];
        var total = startAt;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash?.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
            progress?.Invoke(total);
        }

        return total;
    }

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string HashFile(string path)
    {
        // unbuffered: HashData reads in pooled chunks of its own, and a 64 KiB buffer per file is 6 GB of garbage per 100,000 files
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
