using System.Globalization;
using System.Text.Json;
using Sluice.Data.Parquet;

namespace Sluice.Data.Tests.Parquet;

/// <summary>We read files DuckDB writes (several codecs, row group sizes, format v2) and must see what DuckDB sees.</summary>
public sealed class SluiceReadsDuckDbFilesTests : IDisposable
{
    private const int Rows = 30_000;

    private const string Data = """
        SELECT
          CASE WHEN i % 7 = 0 THEN NULL ELSE i * 1000003 - 5000000000 END::BIGINT AS big,
          (i % 1000 - 500)::INTEGER AS int32,
          (i % 100)::SMALLINT AS small,
          (i % 200)::UTINYINT AS tiny_u,
          (i * 100000)::UINTEGER AS uint32,
          CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(((i * 7919) % 1000000 - 500000) / 100.0 AS DECIMAL(9, 2)) END AS dec9,
          CAST(i * 12345.6789 AS DECIMAL(18, 4)) AS dec18,
          CASE WHEN i % 9 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS dbl,
          (i / 3.0)::FLOAT AS flt,
          CASE WHEN i % 11 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
          CASE WHEN i % 13 = 0 THEN NULL ELSE 'cat' || (i % 20) END AS cat,
          'row-' || i || repeat('x', i % 50) AS uniq,
          DATE '1950-01-01' + (i % 40000)::INTEGER AS d,
          TIMESTAMP '2020-01-01' + to_microseconds(i * 1234567) AS ts,
          (TIMESTAMP '1969-12-31' + to_milliseconds(i * 1234))::TIMESTAMP_MS AS ts_ms,
          (TIMESTAMP '2020-01-01' + to_microseconds(i * 1234567))::TIMESTAMP_NS AS ts_ns
        FROM range(30000) t(i)
        """;

    private const string Canonical = """
        SELECT big::VARCHAR AS big, int32::VARCHAR AS int32, small::VARCHAR AS small, tiny_u::VARCHAR AS tiny_u, uint32::VARCHAR AS uint32,
          dec9::VARCHAR AS dec9, dec18::VARCHAR AS dec18, dbl, flt::DOUBLE AS flt, flag, cat, uniq,
          (d - DATE '1970-01-01')::VARCHAR AS d, epoch_us(ts)::VARCHAR AS ts, epoch_us(ts_ms)::VARCHAR AS ts_ms, epoch_us(ts_ns)::VARCHAR AS ts_ns
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [DuckDbTheory]
    [InlineData("snappy", "")]
    [InlineData("gzip", ", COMPRESSION gzip")]
    [InlineData("uncompressed", ", COMPRESSION uncompressed")]
    [InlineData("small-groups", ", ROW_GROUP_SIZE 4096")]
    [InlineData("v2", ", PARQUET_VERSION V2")]
    [InlineData("v2-gzip-groups", ", PARQUET_VERSION V2, COMPRESSION gzip, ROW_GROUP_SIZE 5000")]
    public async Task Read_DuckDbFile_SeesTheSameValuesAsDuckDb(string name, string options)
    {
        var path = _dir.File($"duck-{name}.parquet");
        var expected = DuckDb.Query(
            $"COPY ({Data}) TO {DuckDb.Literal(path)} (FORMAT parquet{options})",
            $"{Canonical} FROM read_parquet({DuckDb.Literal(path)})");
        var source = ParquetSource.Open(path);
        source.Schema.Fields.Select(f => f.Type.ToString()).ShouldBe(
            ["int64", "int64", "int64", "int64", "int64", "decimal(2)", "decimal(4)", "float64", "float64", "bool", "string", "string", "date", "timestamp", "timestamp", "timestamp"]);
        if (name.Contains("groups", StringComparison.Ordinal))
        {
            source.RowGroupCount.ShouldBeGreaterThan(1);
        }

        var rows = await TestData.RowsAsync(source);
        rows.Count.ShouldBe(Rows);
        expected.Count.ShouldBe(Rows);
        var names = source.Schema.Fields.Select(f => f.Name).ToArray();
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < names.Length; c++)
            {
                var theirs = expected[r].GetProperty(names[c]);
                var ours = rows[r][c];
                if (!Same(ours, theirs))
                {
                    throw new ShouldAssertException($"row {r}, column {names[c]}: we read {ours ?? "null"}, DuckDB reads {theirs}");
                }
            }
        }
    }

    private static bool Same(object? ours, JsonElement theirs)
    {
        if (theirs.ValueKind == JsonValueKind.Null || ours is null)
        {
            return theirs.ValueKind == JsonValueKind.Null && ours is null;
        }

        var inv = CultureInfo.InvariantCulture;
        return ours switch
        {
            long l => theirs.GetString() == l.ToString(inv),
            decimal m => decimal.Parse(theirs.GetString()!, inv) == m,
            double f => theirs.GetDouble() == f,
            bool b => theirs.GetBoolean() == b,
            string s => theirs.GetString() == s,
            DateOnly d => theirs.GetString() == (d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber).ToString(inv),
            DateTime t => theirs.GetString() == ((t.Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(inv),
            _ => false,
        };
    }

    [DuckDbFact]
    public void Open_ZstdFile_NamesTheColumnAndTheCodec()
    {
        var path = _dir.File("zstd.parquet");
        DuckDb.Query($"COPY (SELECT 1::BIGINT AS a) TO {DuckDb.Literal(path)} (FORMAT parquet, COMPRESSION zstd)");
        var ex = Should.Throw<DataException>(() => ParquetSource.Open(path));
        ex.Message.ShouldBe($"{path}: column 'a' is compressed with ZSTD, which is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP); rewrite the file with one of those.");
    }

    [DuckDbFact]
    public async Task Open_NestedAndWideDecimalColumns_AreNamedUnlessProjectedAway()
    {
        var path = _dir.File("nested.parquet");
        DuckDb.Query($"COPY (SELECT [1, 2] AS list, {{'x': 1}} AS st, 12.5::DECIMAL(38, 2) AS wide, 'ok' AS keep) TO {DuckDb.Literal(path)} (FORMAT parquet)");
        var ex = Should.Throw<DataException>(() => ParquetSource.Open(path));
        ex.Message.ShouldContain($"{path}: column 'list' is a nested group (LIST); nested columns are not supported");
        ex.Message.ShouldContain("column 'st' is a nested group (STRUCT)");
        ex.Message.ShouldContain("column 'wide' is DECIMAL(38, 2); decimals wider than 18 digits are not supported");
        ex.Message.ShouldContain("Choose the readable columns with 'columns'.");
        (await TestData.RowsAsync(ParquetSource.Open(path, new ParquetReadOptions { Columns = ["keep"] }))).ShouldBe([["ok"]]);
    }
}
