using System.Globalization;
using Sluice.Data.Arrow;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Parquet;
using Sluice.Data.Tests.Parquet;

namespace Sluice.Data.Tests.Arrow;

/// <summary>
/// Arrow IPC files against independent implementations. DuckDB 1.5 reads and writes Arrow IPC files only through its
/// <c>arrow</c> extension, which it downloads at run time (not possible here), so files cross through Apache Arrow JS
/// (<c>tests/interop/arrow.mjs</c>) and DuckDB answers what the values must be: from its own SQL, or from our Parquet
/// file of the same rows (itself checked against DuckDB in <c>Parquet/</c>).
/// </summary>
public sealed class ArrowInteropTests : IDisposable
{
    private const string Rows = """
        SELECT i::BIGINT AS i, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 - 300 END::DOUBLE AS f, i % 3 = 0 AS b,
               CASE WHEN i % 11 = 0 THEN NULL ELSE 'k' || (i % 5) END AS k, DATE '1960-01-01' + (i * 13)::INTEGER AS d,
               TIMESTAMP '1969-12-31 23:00:00' + to_seconds(i * 61) AS t, (i * 3 - 5000)::INTEGER AS n
        FROM range(5000) r(i)
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [DuckDbFact]
    public async Task Read_FileWrittenByArrowJsFromDuckDbRows_HasDuckDbsAggregates()
    {
        var path = _dir.File("duck.arrow");
        DuckDb.Arrow("write", path, Rows);

        var source = ArrowIpcSource.Open(path);
        var rows = await TestData.RowsAsync(source);

        source.Schema.ToString().ShouldBe("i: int64, f: float64, b: bool, k: string, d: date, t: timestamp, n: int64");
        var expected = DuckDb.Query($"""
            SELECT count(*)::INTEGER AS c, sum(i) AS si, count(f)::INTEGER AS cf, sum(f) AS sf, (count(*) FILTER (WHERE b))::INTEGER AS cb, count(k)::INTEGER AS ck,
                   count(DISTINCT k)::INTEGER AS dk, min(d)::VARCHAR AS mind, max(d)::VARCHAR AS maxd, min(t)::VARCHAR AS mint, max(t)::VARCHAR AS maxt, sum(n) AS sn
            FROM ({Rows})
            """)[0];
        rows.Count.ShouldBe(expected.GetProperty("c").GetInt32());
        rows.Sum(static r => (long)r[0]!).ToString(CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("si").ToString());
        rows.Count(static r => r[1] is not null).ShouldBe(expected.GetProperty("cf").GetInt32());
        rows.Sum(static r => (double?)r[1] ?? 0).ShouldBe(expected.GetProperty("sf").GetDouble(), 1e-6);
        rows.Count(static r => r[2] is true).ShouldBe(expected.GetProperty("cb").GetInt32());
        rows.Count(static r => r[3] is not null).ShouldBe(expected.GetProperty("ck").GetInt32());
        rows.Select(static r => r[3]).OfType<string>().Distinct().Count().ShouldBe(expected.GetProperty("dk").GetInt32());
        rows.Min(static r => (DateOnly)r[4]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("mind").GetString());
        rows.Max(static r => (DateOnly)r[4]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("maxd").GetString());
        rows.Min(static r => (DateTime)r[5]!).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("mint").GetString());
        rows.Max(static r => (DateTime)r[5]!).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("maxt").GetString());
        rows.Sum(static r => (long)r[6]!).ToString(CultureInfo.InvariantCulture).ShouldBe(expected.GetProperty("sn").ToString());
    }

    [DuckDbFact]
    public async Task Write_FileReadByArrowJs_HasExactlyTheRowsDuckDbReadsFromOurParquet()
    {
        var schema = new Schema(
            new Field("i", DataType.Int64), new Field("f", DataType.Float64), new Field("b", DataType.Bool), new Field("k", DataType.String),
            new Field("s", DataType.String), new Field("d", DataType.Date), new Field("t", DataType.Timestamp));
        var batches = Enumerable.Range(0, 3).Select(b =>
        {
            var r = Enumerable.Range(b * 1000, 1000).ToArray();
            return new RecordBatch(schema,
            [
                ColumnFactory.Int64([.. r.Select(x => x % 7 == 0 ? null : (long?)(x * 1_000_003L) - 2_000_000_000L)]),
                ColumnFactory.Float64([.. r.Select(x => x % 5 == 0 ? null : (double?)(x * 0.25) - 10)]),
                ColumnFactory.Bool([.. r.Select(x => x % 3 == 0 ? null : (bool?)(x % 2 == 0))]),
                // Each batch its own dictionary, overlapping the others'.
                ColumnFactory.DictionaryString([.. r.Select(x => x % 10 == 0 ? null : $"{(char)('a' + b)}{x % 4}")]),
                ColumnFactory.String([.. r.Select(x => x % 11 == 0 ? null : $"été \"{x}\"")]),
                ColumnFactory.Create(DataType.Date, [.. r.Select(x => x % 4 == 0 ? null : (object)new DateOnly(1969, 12, 25).AddDays(x))]),
                ColumnFactory.Create(DataType.Timestamp, [.. r.Select(x => x % 6 == 0 ? null : (object)DateTime.UnixEpoch.AddSeconds((x * 3601) - 100_000))]),
            ], r.Length);
        }).ToList();
        using var table = new Table(schema, batches);
        var arrow = _dir.File("ours.arrow");
        var parquet = _dir.File("ours.parquet");
        await ArrowIpcWriter.WriteAsync(table, arrow);
        await ParquetWriter.WriteAsync(table, parquet);
        var jsonl = _dir.File("read-by-arrow-js.jsonl");

        var fields = DuckDb.Arrow("read", arrow, jsonl);

        fields.ShouldBe("""["i:Int64","f:Float64","b:Bool","k:Dictionary<Int32, Utf8>","s:Utf8","d:Date32<DAY>","t:Timestamp<MICROSECOND>"]""");
        const string Columns = "{i: 'BIGINT', f: 'DOUBLE', b: 'BOOLEAN', k: 'VARCHAR', s: 'VARCHAR', d: 'DATE', t: 'TIMESTAMP'}";
        var js = $"SELECT * FROM read_json({DuckDb.Literal(jsonl)}, columns = {Columns}, format = 'newline_delimited')";
        var ours = $"SELECT * FROM read_parquet({DuckDb.Literal(parquet)})";
        var answer = DuckDb.Query($"""
            SELECT (SELECT count(*) FROM ({js}))::INTEGER AS rows_js, (SELECT count(*) FROM ({ours}))::INTEGER AS rows_parquet,
                   (SELECT count(*) FROM ({js} EXCEPT ALL {ours}))::INTEGER AS only_js, (SELECT count(*) FROM ({ours} EXCEPT ALL {js}))::INTEGER AS only_parquet,
                   (SELECT count(DISTINCT k) FROM ({js}))::INTEGER AS keys
            """)[0];
        answer.GetProperty("rows_js").GetInt32().ShouldBe(3000);
        answer.GetProperty("rows_parquet").GetInt32().ShouldBe(3000);
        answer.GetProperty("only_js").GetInt32().ShouldBe(0);
        answer.GetProperty("only_parquet").GetInt32().ShouldBe(0);
        answer.GetProperty("keys").GetInt32().ShouldBe(12);
    }
}
