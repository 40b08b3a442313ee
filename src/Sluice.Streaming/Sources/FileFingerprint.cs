namespace Sluice.Streaming.Sources;

/// <summary>
/// Identifies a file by the hash of its first bytes (FNV-1a), as log shippers do, so a tail notices that the path now
/// names another file (rotated by rename, or truncated) and an offset is never applied to a different file.
/// </summary>
internal readonly record struct FileFingerprint(int Length, ulong Hash)
{
    /// <summary>How many leading bytes identify a file once it has that many.</summary>
    public const int MaxLength = 128;

    public static FileFingerprint Of(ReadOnlySpan<byte> head)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in head)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return new FileFingerprint(head.Length, hash);
    }

    /// <summary>The fingerprint of the first <paramref name="length"/> bytes of <paramref name="file"/>, or null when it is shorter.</summary>
    public static FileFingerprint? Read(FileStream file, int length)
    {
        Span<byte> head = stackalloc byte[MaxLength];
        var saved = file.Position;
        file.Position = 0;
        var read = 0;
        while (read < length)
        {
            var n = file.Read(head[read..length]);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        file.Position = saved;
        return read < length ? null : Of(head[..length]);
    }
}
