using System.IO.Compression;
using System.Text;
using Sluice.Data.Arrow;

namespace Sluice.DataActions.IO;

/// <summary>
/// The <c>&lt;AUTO&gt;</c> heuristics for files: the format from the extension (<c>.csv .tsv .txt .json .jsonl .ndjson
/// .db .sqlite .sqlite3 .parquet .arrow .feather .ipc</c>, ignoring a trailing <c>.gz</c>), else from the first bytes (SQLite header, <c>PAR1</c>
/// → Parquet, <c>ARROW1</c> → Arrow IPC, <c>[</c> → JSON array, <c>{</c> → JSON Lines, otherwise CSV); gzip from the magic bytes 1F 8B; the CSV delimiter by sniffing the
/// first lines for the candidate (<c>, ; \t |</c>) that splits every line into the same number of fields (most fields wins).
/// </summary>
public static class FormatDetector
{
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    /// <summary>The file extensions read as each format.</summary>
    public static IReadOnlyDictionary<string, string> Extensions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = "csv", [".tsv"] = "csv", [".txt"] = "csv", [".json"] = "json", [".jsonl"] = "jsonl", [".ndjson"] = "jsonl",
        [".db"] = "sqlite", [".sqlite"] = "sqlite", [".sqlite3"] = "sqlite", [".parquet"] = "parquet",
        [".arrow"] = "arrow", [".feather"] = "arrow", [".ipc"] = "arrow",
    };

    /// <summary>Detects a file's format and compression; <paramref name="reason"/> says how, for the task log.</summary>
    public static (string Format, bool Gzip) Detect(string path, out string reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        var head = ReadHead(path, 4096, out var gzip);
        var name = gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var compression = gzip ? "gzip (magic bytes 1f 8b)" : "none";
        if (Extensions.TryGetValue(Path.GetExtension(name), out var byExtension))
        {
            reason = $"format {byExtension} from the extension '{Path.GetExtension(name)}', compression {compression}";
            return (byExtension, gzip);
        }

        string format;
        if (head.AsSpan().StartsWith("SQLite format 3\0"u8))
        {
            format = "sqlite";
        }
        else if (!gzip && head.AsSpan().StartsWith("PAR1"u8))
        {
            format = "parquet";
        }
        else if (!gzip && ArrowIpcSource.IsArrowFile(head))
        {
            format = "arrow";
        }
        else
        {
            var first = head.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
            format = first.IsEmpty ? "csv" : first[0] == (byte)'[' ? "json" : first[0] == (byte)'{' ? "jsonl" : "csv";
        }

        reason = $"format {format} from the first bytes of the file, compression {compression}";
        return (format, gzip);
    }

    /// <summary>Sniffs the delimiter of a CSV file; ',' when nothing else is consistent.</summary>
    public static char SniffDelimiter(string path, out string reason)
    {
        var head = Encoding.UTF8.GetString(ReadHead(path, 64 << 10, out _));
        var lines = head.Split('\n').Take(21).ToList();
        if (lines.Count > 1)
        {
            lines.RemoveAt(lines.Count - 1); // possibly cut
        }

        char best = ',';
        var bestFields = 1;
        foreach (var d in Delimiters)
        {
            var counts = lines.Where(static l => l.Trim().Length > 0).Select(l => CountOutsideQuotes(l, d) + 1).Distinct().ToList();
            if (counts.Count == 1 && counts[0] > bestFields)
            {
                best = d;
                bestFields = counts[0];
            }
        }

        reason = bestFields > 1
            ? $"delimiter '{(best == '\t' ? "\\t" : best.ToString())}' splits each of the first {lines.Count} lines into {bestFields} fields"
            : "no delimiter splits the first lines consistently; using ','";
        return best;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var n = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The first bytes of a file, decompressed when it is gzip.</summary>
    internal static byte[] ReadHead(string path, int bytes, out bool gzip)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> magic = stackalloc byte[2];
        gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        var buffer = new byte[bytes];
        try
        {
            var n = stream.ReadAtLeast(buffer, bytes, throwOnEndOfStream: false);
            return buffer[..n];
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }
}
