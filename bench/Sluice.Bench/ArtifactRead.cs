using System.Diagnostics;
using Sluice.Data.Arrow;
using Sluice.Data.Csv;
using Sluice.Data.Execution;

namespace Sluice.Bench;

/// <summary>
/// What a downstream task pays to read its upstream's dataset: parsing the CSV artifact (what tasks wrote before)
/// against reading the Arrow artifact they write now. Prints one Markdown row per step; the goal of issue 14 is a
/// second read of the Arrow artifact at no more than 10% of the CSV parse.
/// </summary>
internal static class ArtifactRead
{
    public static async Task RunAsync(string csvPath, string arrowPath, int repeats)
    {
        var csv = CsvSource.Open(csvPath);
        Console.Out.WriteLine($"schema: {csv.Schema}");
        Console.Out.WriteLine("| step | seconds | rows |");
        Console.Out.WriteLine("|---|---|---|");
        var parse = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var (s, rows) = await TimeAsync(CsvSource.Open(csvPath, new CsvReadOptions { Schema = csv.Schema }));
            parse.Add(s);
            Console.Out.WriteLine($"| CSV parse {i + 1} | {s:F3} | {rows} |");
        }

        var sw = Stopwatch.StartNew();
        var written = await ArrowIpcWriter.WriteAsync(CsvSource.Open(csvPath, new CsvReadOptions { Schema = csv.Schema }), arrowPath);
        Console.Out.WriteLine($"| CSV parse + Arrow write | {sw.Elapsed.TotalSeconds:F3} | {written} |");
        var reads = new List<double>();
        for (var i = 0; i < repeats + 1; i++)
        {
            var (s, rows) = await TimeAsync(ArrowIpcSource.Open(arrowPath));
            reads.Add(s);
            Console.Out.WriteLine($"| Arrow read {i + 1} | {s:F3} | {rows} |");
        }

        var csvMedian = parse.Order().ElementAt(parse.Count / 2);
        var secondRead = reads.Skip(1).Order().ElementAt((reads.Count - 1) / 2);
        Console.Out.WriteLine();
        Console.Out.WriteLine($"CSV {new FileInfo(csvPath).Length >> 20} MiB, Arrow {new FileInfo(arrowPath).Length >> 20} MiB; " +
            $"second Arrow read (median of later reads) {secondRead:F3}s = {secondRead / csvMedian:P1} of the CSV parse (median {csvMedian:F3}s)");
    }

    private static async Task<(double Seconds, long Rows)> TimeAsync(IBatchSource source)
    {
        var sw = Stopwatch.StartNew();
        long rows = 0;
        await foreach (var b in source.ReadAsync(null))
        {
            rows += b.RowCount;
            b.Dispose();
        }

        return (sw.Elapsed.TotalSeconds, rows);
    }
}
