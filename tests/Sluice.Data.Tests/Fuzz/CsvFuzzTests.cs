using Sluice.Data.Csv;
using Sluice.Data.Quarantine;
using Sluice.Tests.Fuzz;

namespace Sluice.Data.Tests.Fuzz;

/// <summary>
/// The CSV reader on random and broken files: it never throws anything but a located <see cref="DataException"/>, bad
/// records go to the quarantine with their line, and reading in small chunks and in parallel gives exactly what one
/// chunk read by one thread gives.
/// </summary>
public sealed class CsvFuzzTests : IDisposable
{
    private readonly TempDir _dir = new();
    private int _files;

    [Fact]
    public void CsvReader_OnGeneratedAndBrokenFiles_FailsOnlyWithLocatedErrors_AndChunkingChangesNothing() =>
        FuzzProperty.Check("CSV", CsvGen.Case(), FuzzProperty.Cases(2_000), ReadsCleanly);

    private void ReadsCleanly(CsvCase c)
    {
        var path = _dir.Write($"f{Interlocked.Increment(ref _files)}.csv", c.Bytes);
        var chunked = Read(path, c.Options);
        var whole = Read(path, c.Options with { ChunkSize = 4 << 20, MaxDegreeOfParallelism = 1 });
        if (chunked != whole)
        {
            throw new FuzzFailure($"chunk size {c.Options.ChunkSize} × {c.Options.MaxDegreeOfParallelism} threads reads differently from one chunk:\n{chunked}\n--- one chunk:\n{whole}");
        }
        File.Delete(path);
    }

    /// <summary>Reads the whole file; returns the rows and the quarantine as text, or the located error.</summary>
    private static string Read(string path, CsvReadOptions options)
    {
        var quarantine = new QuarantineCollector();
        try
        {
            var source = CsvSource.Open(path, options, quarantine);
            var rows = TestData.RowsAsync(source).GetAwaiter().GetResult();
            foreach (var q in quarantine.Records)
            {
                if (q.Line < 1 || q.Source != path || FuzzProperty.LooksRaw(q.Reason))
                {
                    throw new FuzzFailure($"quarantine record without a line or with a raw message: {q}");
                }
            }
            if (source.RecordsQuarantined != quarantine.Count)
            {
                throw new FuzzFailure($"counted {source.RecordsQuarantined} quarantined records, the sink got {quarantine.Count}");
            }
            return $"schema {string.Join(", ", source.Schema.Fields)}\nrows {string.Join("\n", rows.Select(static r => string.Join(" | ", r)))}\n"
                + $"quarantined {string.Join("\n", quarantine.Records.Select(static q => $"{q.Line}: {q.Reason}"))}";
        }
        catch (DataException e)
        {
            if (!e.Message.StartsWith(path + ":", StringComparison.Ordinal) || FuzzProperty.LooksRaw(e.Message))
            {
                throw new FuzzFailure($"unlocated error: {e.Message}");
            }
            return "error " + e.Message;
        }
    }

    public void Dispose() => _dir.Dispose();
}
