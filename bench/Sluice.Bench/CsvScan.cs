using Sluice.Data.Csv;

namespace Sluice.Bench;

/// <summary>Reads a CSV file end to end and counts rows (a quick throughput probe).</summary>
internal static class CsvScan
{
    public static async Task<long> RunAsync(string path)
    {
        var source = CsvSource.Open(path);
        Console.Error.WriteLine(source.Schema);
        long rows = 0;
        await foreach (var b in source.ReadAsync())
        {
            rows += b.RowCount;
            b.Dispose();
        }

        return rows;
    }
}
