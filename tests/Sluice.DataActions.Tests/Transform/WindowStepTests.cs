using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.State;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>The window step against DuckDB's window functions with ROWS frames, on data with nulls and ties in the order.</summary>
public sealed class WindowStepTests
{
    private const string Columns = "{'g': 'VARCHAR', 'k': 'BIGINT', 'i': 'BIGINT', 'x': 'BIGINT', 'y': 'DOUBLE'}";

    private static string Data(DataPipelineHarness h)
    {
        var csv = new StringBuilder("g,k,i,x,y\n");
        var random = new Random(3);
        for (var i = 0; i < 4000; i++)
        {
            // Few k values per group make ties; group "solo" has one row.
            var g = i == 77 ? "solo" : "g" + random.Next(0, 6).ToString(CultureInfo.InvariantCulture);
            var x = random.Next(0, 9) == 0 ? "" : random.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
            var y = (random.Next(1, 1_000_000) / 1000.0).ToString("R", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{g},{random.Next(0, 40)},{i},{x},{y}\n");
        }

        return h.Write("w.csv", csv.ToString());
    }

    [DuckDbFact]
    public async Task WindowFunctions_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var data = Data(h);
        var (header, rows) = await DuckDbComparison.RunStepsAsync(h, data, """
                    - window:
                        partition_by: [g]
                        order_by: [k]
                        columns: {rk: rank(), drk: dense_rank(), pr: percent_rank(), cd: cume_dist()}
                    - window:
                        partition_by: [g]
                        order_by: [k, "-i"]
                        columns:
                          rn: row_number()
                          prev: lag(x)
                          next2: "lead(x, 2)"
                          running: sum(x)
                          running_mean: mean(y)
                          moving_min: {of: min(x), preceding: 2}
                          moving_max: {of: max(y), preceding: 3, following: 1}
                          moving_n: {of: count(x), preceding: 2}
                          moving_rows: {of: "count(*)", preceding: 2}
                          first3: {of: first(x), preceding: 3}
                          last_all: {of: last(x), following: unbounded}
                          rest: {of: sum(x), preceding: 0, following: unbounded}
                          tile: ntile(4)
                          doubled: sum(x * 2)
            """);
        header.ShouldBe("g,k,i,x,y,rk,drk,pr,cd,rn,prev,next2,running,running_mean,moving_min,moving_max,moving_n,moving_rows,first3,last_all,rest,tile,doubled");
        const string order = "PARTITION BY g ORDER BY k, i DESC";
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT g, k, i, x, y,
              rank() OVER (PARTITION BY g ORDER BY k), dense_rank() OVER (PARTITION BY g ORDER BY k),
              percent_rank() OVER (PARTITION BY g ORDER BY k), cume_dist() OVER (PARTITION BY g ORDER BY k),
              row_number() OVER ({order}), lag(x) OVER ({order}), lead(x, 2) OVER ({order}),
              sum(x) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
              avg(y) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
              min(x) OVER ({order} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
              max(y) OVER ({order} ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING),
              count(x) OVER ({order} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
              count(*) OVER ({order} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
              first_value(x) OVER ({order} ROWS BETWEEN 3 PRECEDING AND CURRENT ROW),
              last_value(x) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
              sum(x) OVER ({order} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
              ntile(4) OVER ({order}),
              sum(x * 2) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            FROM read_csv('{data}', columns = {Columns}, header = true) ORDER BY g, k, i DESC
            """);
    }

    [Fact]
    public async Task UnknownWindowFunction_SuggestsTheNearest()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("x.csv", "g,v\na,1\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: bad
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - window: {partition_by: [g], order_by: [v], columns: {r: row_numbr()}}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "t")).ShouldContain("row_number");
    }
}
