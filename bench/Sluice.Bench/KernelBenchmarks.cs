using System.Text;
using BenchmarkDotNet.Attributes;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Bench;

/// <summary>Synthetic inputs shared by the kernel benchmarks (deterministic).</summary>
internal static class BenchData
{
    public const int Rows = 200_000;

    public static readonly Schema Orders = new(
        new Field("id", DataType.Int64), new Field("cat", DataType.String), new Field("amount", DataType.Decimal(2)), new Field("qty", DataType.Int64));

    public static RecordBatch OrdersBatch()
    {
        var rng = new Random(42);
        string[] cats = ["electronics", "books", " Toys ", "home", "garden"];
        return new RecordBatch(Orders,
        [
            ColumnFactory.Int64([.. Enumerable.Range(0, Rows).Select(i => (long?)(5_000_000_000 + rng.Next(Rows)))]),
            ColumnFactory.DictionaryString([.. Enumerable.Range(0, Rows).Select(i => cats[rng.Next(cats.Length)])]),
            ColumnFactory.Decimal(2, [.. Enumerable.Range(0, Rows).Select(i => (decimal?)(rng.Next(100, 50_000) / 100m))]),
            ColumnFactory.Int64([.. Enumerable.Range(0, Rows).Select(i => (long?)rng.Next(1, 21))]),
        ], Rows);
    }

    public static string OrdersCsv()
    {
        var path = Path.Combine(Path.GetTempPath(), "sluice-bench-orders.csv");
        if (!File.Exists(path))
        {
            var rng = new Random(7);
            var sb = new StringBuilder("order_id,ts,customer_id,category,country,amount,quantity,note\n");
            for (var i = 0; i < Rows; i++)
            {
                sb.Append(5_000_000_000 + i).Append(",2026-01-0").Append(1 + (i % 9)).Append("T10:11:12,").Append(rng.Next(1, 100_000))
                  .Append(",books,US,").Append(rng.Next(1, 500)).Append('.').Append(rng.Next(10, 99)).Append(',').Append(rng.Next(1, 21))
                  .Append(i % 20 == 0 ? ",\"gift, \"\"fragile\"\"\"\n" : ",gift\n");
            }

            File.WriteAllText(path, sb.ToString());
        }

        return path;
    }
}

/// <summary>CSV parsing throughput (all columns typed, parallel chunks).</summary>
[MemoryDiagnoser]
public class CsvReaderBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = BenchData.OrdersCsv();

    [Benchmark]
    public async Task<long> ReadOrders()
    {
        long rows = 0;
        await foreach (var b in CsvSource.Open(_path).ReadAsync())
        {
            rows += b.RowCount;
            b.Dispose();
        }

        return rows;
    }
}

/// <summary>Expression kernels over one 200k-row batch.</summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private RecordBatch _batch = null!;
    private CompiledExpr _revenue = null!;
    private CompiledExpr _normalise = null!;
    private CompiledExpr _predicate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = BenchData.OrdersBatch();
        _revenue = ExprCompiler.Compile(ColumnExprs.Col("amount").Multiply(ColumnExprs.Col("qty")), BenchData.Orders);
        _normalise = ExprCompiler.Compile(ColumnExprs.Call("lower", ColumnExprs.Call("trim", ColumnExprs.Col("cat"))), BenchData.Orders);
        _predicate = ExprCompiler.Compile(ColumnExprs.Col("amount").IsNull().Or(ColumnExprs.Col("amount").Ge(ColumnExprs.Lit(100L))), BenchData.Orders);
    }

    [Benchmark(Baseline = true)]
    public long DecimalTimesInt()
    {
        using var c = _revenue.Evaluate(_batch);
        return c.Length;
    }

    [Benchmark]
    public long LowerTrimDictionary()
    {
        using var c = _normalise.Evaluate(_batch);
        return c.Length;
    }

    [Benchmark]
    public long NullOrCompare()
    {
        using var c = _predicate.Evaluate(_batch);
        return c.Length;
    }
}

/// <summary>Hash aggregate and hash join over 200k rows.</summary>
[MemoryDiagnoser]
public class AggregateJoinBenchmarks
{
    private Table _table = null!;
    private Table _dimension = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = new Table(BenchData.Orders, [BenchData.OrdersBatch()]);
        var schema = new Schema(new Field("id", DataType.Int64), new Field("seg", DataType.String));
        _dimension = new Table(schema, [new RecordBatch(schema,
        [
            ColumnFactory.Int64([.. Enumerable.Range(0, BenchData.Rows).Select(i => (long?)(5_000_000_000 + i))]),
            ColumnFactory.DictionaryString([.. Enumerable.Range(0, BenchData.Rows).Select(i => i % 3 == 0 ? "smb" : "consumer")]),
        ], BenchData.Rows)]);
    }

    [Benchmark]
    public async Task<long> AggregateByDictionaryKey()
    {
        using var t = await DataFlow.From(_table).Aggregate(["cat"],
            AggregateFunction.CountAll("n"),
            AggregateFunction.Of(AggregateKind.Sum, "amount", "s"),
            AggregateFunction.Of(AggregateKind.Mean, "amount", "m"),
            AggregateFunction.Of(AggregateKind.Max, "qty", "q")).ToTableAsync();
        return t.RowCount;
    }

    [Benchmark]
    public async Task<long> InnerJoinInt64Key()
    {
        using var t = await DataFlow.From(_table).Join(_dimension, ["id"], ["id"], JoinKind.Inner).ToTableAsync();
        return t.RowCount;
    }

    [Benchmark]
    public async Task<long> DedupeInt64Key()
    {
        using var t = await DataFlow.From(_table).Dedupe(["id"]).ToTableAsync();
        return t.RowCount;
    }
}
