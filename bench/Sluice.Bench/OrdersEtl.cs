using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;
using Sluice.Data.Quarantine;

namespace Sluice.Bench;

/// <summary>
/// The orders ETL workload (shared/bench/WORKLOAD.md) as a composition of generic operators configured by data:
/// the same column names, expressions and keys a YAML pipeline would give.
/// </summary>
public static class OrdersEtl
{
    /// <summary>The summary counters of a run.</summary>
    public sealed record Summary(long RowsIn, long RowsRejected, long RowsOutClean, long Groups, long Anomalies)
    {
        /// <summary>The one-line JSON of WORKLOAD step 11.</summary>
        public string ToJson() =>
            $"{{\"rows_in\":{RowsIn},\"rows_rejected\":{RowsRejected},\"rows_out_clean\":{RowsOutClean},\"groups\":{Groups},\"anomalies\":{Anomalies}}}";
    }

    /// <summary>Runs steps 1–10 and returns the counters of step 11.</summary>
    public static async Task<Summary> RunAsync(string inputDir, string outputDir, int chunkSize = 4 << 20, CancellationToken cancellationToken = default)
    {
        var quarantine = new QuarantineCollector();
        var orders = CsvSource.Open(Path.Combine(inputDir, "orders.csv"), new CsvReadOptions
        {
            Columns = ["order_id", "ts", "customer_id", "category", "amount", "quantity"],
            ChunkSize = chunkSize,
            Schema = new Schema(
                new Field("order_id", DataType.Int64),
                new Field("ts", DataType.String),
                new Field("customer_id", DataType.Int64),
                new Field("category", DataType.String),
                new Field("amount", DataType.Decimal(2)),
                new Field("quantity", DataType.Int64)),
        }, quarantine);
        var customers = DataFlow.ReadCsv(Path.Combine(inputDir, "customers.csv"), new CsvReadOptions
        {
            Columns = ["customer_id", "segment"],
            Schema = new Schema(new Field("customer_id", DataType.Int64), new Field("segment", DataType.String)),
        }, quarantine);

        var valid = new RowCounter();
        var col = ColumnExprs.Col;
        var flow = DataFlow.From(orders)
            .Derive("ts_parsed", ColumnExprs.Call("to_timestamp", col("ts"), ColumnExprs.Lit("%Y-%m-%dT%H:%M:%S")))
            .Filter(col("order_id").IsNotNull()
                .And(col("ts_parsed").IsNotNull())
                .And(col("amount").IsNull().Or(col("amount").Ge(ColumnExprs.Lit(0L)))))
            .CountRows(valid)
            .Derive(
                new Projection("category", ColumnExprs.Call("lower", ColumnExprs.Call("trim", col("category")))),
                new Projection("order_date", ColumnExprs.Call("date", col("ts_parsed"))))
            .Select("order_id", "order_date", "customer_id", "category", "amount", "quantity")
            .FillMissing("amount", FillStrategy.Median(MedianRounding.HalfUp))
            .Dedupe(["order_id"], DedupeKeep.First)
            .Derive("revenue", col("amount").Multiply(col("quantity")))
            .Join(customers, ["customer_id"], ["customer_id"], JoinKind.Inner)
            .Select("order_date", "category", "segment", "revenue", "amount", "quantity")
            .FlagOutliers("revenue", ["category"], 3m, "anomaly")
            .Aggregate(
                ["order_date", "category", "segment"],
                AggregateFunction.CountAll("rows"),
                AggregateFunction.Of(AggregateKind.Sum, "revenue", "revenue_sum"),
                AggregateFunction.Of(AggregateKind.Mean, "amount", "amount_avg"),
                AggregateFunction.Of(AggregateKind.Max, "quantity", "qty_max"),
                AggregateFunction.Of(AggregateKind.Sum, "anomaly", "anomalies"))
            .Sort(new SortKey("order_date"), new SortKey("category"), new SortKey("segment"));

        using var result = await flow.ToTableAsync(cancellationToken).ConfigureAwait(false);
        await CsvWriter.WriteAsync(result, Path.Combine(outputDir, "agg.csv"), new CsvWriteOptions(), cancellationToken).ConfigureAwait(false);

        long rowsOut = 0, anomalies = 0;
        for (var r = 0L; r < result.RowCount; r++)
        {
            rowsOut += (long)result.GetValue(r, "rows")!;
            anomalies += (long)result.GetValue(r, "anomalies")!;
        }

        if (quarantine.Count > 0)
        {
            Console.Error.WriteLine($"quarantined {quarantine.Count} records; first: {quarantine.Records[0]}");
        }

        return new Summary(orders.RecordsRead, orders.RecordsRead - valid.Rows, rowsOut, result.RowCount, anomalies);
    }
}
