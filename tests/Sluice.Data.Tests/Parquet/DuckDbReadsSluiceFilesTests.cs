using System.Globalization;
using System.Text.Json;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Parquet;

namespace Sluice.Data.Tests.Parquet;

/// <summary>DuckDB, an independent implementation, reads files we write: its aggregates and its view of our statistics must match the data.</summary>
public sealed class DuckDbReadsSluiceFilesTests : IDisposable
{
    private const int Rows = 50_000;
    private const int GroupRows = 20_000;
    private static readonly DateTime Epoch = DateTime.UnixEpoch;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static long? I(int r) => r % 7 == 0 ? null : (r * 1_000_003L) - 25_000_000_000L;

    private static string? S(int r) => r % 11 == 0 ? null : r % 101 == 0 ? "été" : $"cat{r % 37:D2}";

    private static string U(int r) => $"u{r:D6}";

    private static DateOnly? D(int r) => r % 5 == 0 ? null : new DateOnly(1900, 1, 1).AddDays(r);

    private static long? T(int r) => r % 13 == 0 ? null : 1_600_000_000_000_000L + (r * 123_456_789L);

    private static long? M(int r) => r % 3 == 0 ? null : (r * 37L) - 900_000;

    private static double? F(int r) => r % 17 == 0 ? null : (r * 0.25) - 1000;

    private static bool? B(int r) => r % 19 == 0 ? null : r % 3 == 0;

    private string WriteSample(ParquetCompression compression)
    {
        var schema = new Schema(
            new Field("i", DataType.Int64), new Field("s", DataType.String), new Field("u", DataType.String), new Field("d", DataType.Date),
            new Field("t", DataType.Timestamp), new Field("m", DataType.Decimal(2)), new Field("f", DataType.Float64), new Field("b", DataType.Bool));
        var r = Enumerable.Range(0, Rows).ToArray();
        using var table = TestData.Table(schema,
            ColumnFactory.Int64([.. r.Select(I)]),
            ColumnFactory.String([.. r.Select(S)]),
            ColumnFactory.String([.. r.Select(U)]),
            ColumnFactory.Create(DataType.Date, [.. r.Select(x => (object?)D(x))]),
            ColumnFactory.Create(DataType.Timestamp, [.. r.Select(x => T(x) is { } us ? (object?)Epoch.AddTicks(us * 10) : null)]),
            ColumnFactory.Create(DataType.Decimal(2), [.. r.Select(x => M(x) is { } c ? (object?)(c / 100m) : null)]),
            ColumnFactory.Float64([.. r.Select(F)]),
            ColumnFactory.Bool([.. r.Select(B)]));
        var path = _dir.File($"ours-{compression}.parquet");
        ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { Compression = compression, RowGroupRows = GroupRows, PageRows = 5000 }).GetAwaiter().GetResult();
        return path;
    }

    [DuckDbTheory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Zstd)]
    public void DuckDb_ReadsOurFile_CountsSumsMinMaxAndNullsMatch(ParquetCompression compression)
    {
        var path = WriteSample(compression);
        var row = DuckDb.Query($"""
            SELECT count(*) AS n,
              count(i) AS i_n, sum(i)::VARCHAR AS i_sum, min(i)::VARCHAR AS i_min, max(i)::VARCHAR AS i_max,
              count(s) AS s_n, min(s) AS s_min, max(s) AS s_max, count(DISTINCT s) AS s_distinct,
              count(u) AS u_n, count(DISTINCT u) AS u_distinct, min(u) AS u_min, max(u) AS u_max,
              count(d) AS d_n, min(d)::VARCHAR AS d_min, max(d)::VARCHAR AS d_max,
              count(t) AS t_n, epoch_us(min(t))::VARCHAR AS t_min, epoch_us(max(t))::VARCHAR AS t_max, sum(epoch_us(t))::VARCHAR AS t_sum,
              count(m) AS m_n, sum(m)::VARCHAR AS m_sum, min(m)::VARCHAR AS m_min, max(m)::VARCHAR AS m_max,
              count(f) AS f_n, sum(f) AS f_sum, min(f) AS f_min, max(f) AS f_max,
              count(b) AS b_n, count_if(b) AS b_true
            FROM read_parquet({DuckDb.Literal(path)})
            """)[0];
        var r = Enumerable.Range(0, Rows).ToArray();
        var inv = CultureInfo.InvariantCulture;
        Num(row, "n").ShouldBe(Rows);
        Num(row, "i_n").ShouldBe(r.Count(x => I(x) is not null));
        Str(row, "i_sum").ShouldBe(r.Sum(x => I(x) ?? 0).ToString(inv));
        Str(row, "i_min").ShouldBe(r.Min(I).ToString());
        Str(row, "i_max").ShouldBe(r.Max(I).ToString());
        Num(row, "s_n").ShouldBe(r.Count(x => S(x) is not null));
        Str(row, "s_min").ShouldBe("cat00");
        Str(row, "s_max").ShouldBe("été");
        Num(row, "s_distinct").ShouldBe(38);
        Num(row, "u_n").ShouldBe(Rows);
        Num(row, "u_distinct").ShouldBe(Rows);
        Str(row, "u_min").ShouldBe(U(0));
        Str(row, "u_max").ShouldBe(U(Rows - 1));
        Num(row, "d_n").ShouldBe(r.Count(x => D(x) is not null));
        Str(row, "d_min").ShouldBe(r.Min(D)!.Value.ToString("yyyy-MM-dd", inv));
        Str(row, "d_max").ShouldBe(r.Max(D)!.Value.ToString("yyyy-MM-dd", inv));
        Num(row, "t_n").ShouldBe(r.Count(x => T(x) is not null));
        Str(row, "t_min").ShouldBe(r.Min(T).ToString());
        Str(row, "t_max").ShouldBe(r.Max(T).ToString());
        Str(row, "t_sum").ShouldBe(r.Sum(x => (decimal)(T(x) ?? 0)).ToString(inv));
        Num(row, "m_n").ShouldBe(r.Count(x => M(x) is not null));
        Str(row, "m_sum").ShouldBe((r.Sum(x => M(x) ?? 0) / 100m).ToString("0.00", inv));
        Str(row, "m_min").ShouldBe((r.Min(M)!.Value / 100m).ToString("0.00", inv));
        Str(row, "m_max").ShouldBe((r.Max(M)!.Value / 100m).ToString("0.00", inv));
        Num(row, "f_n").ShouldBe(r.Count(x => F(x) is not null));
        row.GetProperty("f_sum").GetDouble().ShouldBe(r.Sum(x => F(x) ?? 0), 1e-6);
        row.GetProperty("f_min").GetDouble().ShouldBe(r.Min(F)!.Value);
        row.GetProperty("f_max").GetDouble().ShouldBe(r.Max(F)!.Value);
        Num(row, "b_n").ShouldBe(r.Count(x => B(x) is not null));
        Num(row, "b_true").ShouldBe(r.Count(x => B(x) == true));
    }

    [DuckDbFact]
    public void DuckDb_ReadsOurStatistics_AsTheTrueMinMaxAndNullCountOfEachRowGroup()
    {
        var path = WriteSample(ParquetCompression.Snappy);
        var stats = DuckDb.Query($"""
            SELECT row_group_id::INTEGER AS g, path_in_schema AS c, stats_min_value AS mn, stats_max_value AS mx, stats_null_count::INTEGER AS nc
            FROM parquet_metadata({DuckDb.Literal(path)})
            """);
        stats.Count.ShouldBe(3 * 8);
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in stats)
        {
            var g = s.GetProperty("g").GetInt32();
            var r = Enumerable.Range(g * GroupRows, Math.Min(GroupRows, Rows - (g * GroupRows))).ToArray();
            var column = s.GetProperty("c").GetString();
            var (min, max, nulls) = column switch
            {
                "i" => (r.Min(I).ToString(), r.Max(I).ToString(), r.Count(x => I(x) is null)),
                "s" => (r.Select(S).Where(v => v is not null).Min(StringComparer.Ordinal), r.Select(S).Where(v => v is not null).Max(StringComparer.Ordinal), r.Count(x => S(x) is null)),
                "u" => (U(r[0]), U(r[^1]), 0),
                "d" => (r.Min(D)!.Value.ToString("yyyy-MM-dd", inv), r.Max(D)!.Value.ToString("yyyy-MM-dd", inv), r.Count(x => D(x) is null)),
                "m" => ((r.Min(M)!.Value / 100m).ToString("0.00", inv), (r.Max(M)!.Value / 100m).ToString("0.00", inv), r.Count(x => M(x) is null)),
                "t" => ((string?)null, (string?)null, r.Count(x => T(x) is null)),
                "f" => (r.Min(F)!.Value.ToString("0.0##", inv), r.Max(F)!.Value.ToString("0.0##", inv), r.Count(x => F(x) is null)),
                _ => (null, null, r.Count(x => B(x) is null)),
            };
            s.GetProperty("nc").GetInt32().ShouldBe(nulls, $"null count of {column} in row group {g}");
            if (min is not null)
            {
                s.GetProperty("mn").GetString().ShouldBe(min, $"min of {column} in row group {g}");
                s.GetProperty("mx").GetString().ShouldBe(max, $"max of {column} in row group {g}");
            }
        }
    }

    private static long Num(JsonElement row, string name) => row.GetProperty(name) is { ValueKind: JsonValueKind.String } s ? long.Parse(s.GetString()!, CultureInfo.InvariantCulture) : row.GetProperty(name).GetInt64();

    private static string? Str(JsonElement row, string name) => row.GetProperty(name).GetString();
}
