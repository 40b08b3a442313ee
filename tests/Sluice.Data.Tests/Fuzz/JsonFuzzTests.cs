using Sluice.Data.Json;
using Sluice.Data.Quarantine;
using Sluice.Tests.Fuzz;

namespace Sluice.Data.Tests.Fuzz;

/// <summary>
/// The JSON reader on random and broken files: it never throws anything but a located <see cref="DataException"/>, and
/// bad records go to the quarantine with their line.
/// </summary>
public sealed class JsonFuzzTests : IDisposable
{
    private readonly TempDir _dir = new();
    private int _files;

    [Fact]
    public void JsonReader_OnGeneratedAndBrokenFiles_FailsOnlyWithLocatedErrors() =>
        FuzzProperty.Check("JSON", JsonGen.Case(), FuzzProperty.Cases(1_000), ReadsCleanly);

    private void ReadsCleanly(JsonCase c)
    {
        var path = _dir.Write($"f{Interlocked.Increment(ref _files)}.json", c.Bytes);
        var quarantine = new QuarantineCollector();
        try
        {
            var source = JsonSource.Open(path, c.Format, new JsonReadOptions { BatchRows = c.BatchRows, InferenceSampleRows = c.SampleRows }, quarantine);
            _ = TestData.RowsAsync(source).GetAwaiter().GetResult();
            foreach (var q in quarantine.Records)
            {
                if (q.Line < 1 || q.Source != path || FuzzProperty.LooksRaw(q.Reason))
                {
                    throw new FuzzFailure($"quarantine record without a line or with a raw message: {q}");
                }
            }
        }
        catch (DataException e)
        {
            if (!e.Message.StartsWith(path + ":", StringComparison.Ordinal) || FuzzProperty.LooksRaw(e.Message))
            {
                throw new FuzzFailure($"unlocated error: {e.Message}");
            }
        }
        File.Delete(path);
    }

    public void Dispose() => _dir.Dispose();
}
