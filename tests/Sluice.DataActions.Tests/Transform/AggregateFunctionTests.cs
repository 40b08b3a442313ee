using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.State;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>The aggregate functions and expression arguments against DuckDB on the same CSV, with nulls, ties and all-null groups.</summary>
public sealed class AggregateFunctionTests
{
    private const string Columns = "{'g': 'VARCHAR', 'k': 'BIGINT', 'x': 'BIGINT', 'y': 'DOUBLE', 's': 'VARCHAR'}";

    private static string Data(DataPipelineHarness h)
    {
        var csv = new StringBuilder("g,k,x,y,s\n");
        var random = new Random(14);
        for (var i = 0; i < 3000; i++)
        {
            // Group "e" has only nulls in x, y and s (an empty group for every value aggregate); few distinct x values make ties.
            var g = i % 50 == 0 ? "e" : ((char)('a' + random.Next(0, 4))).ToString();
            var x = g == "e" || random.Next(0, 10) == 0 ? "" : random.Next(-5, 20).ToString(CultureInfo.InvariantCulture);
            var y = g == "e" || random.Next(0, 12) == 0 ? "" : (random.Next(0, 2_000_000) / 1000.0 - 300).ToString("R", CultureInfo.InvariantCulture);
            var s = g == "e" || random.Next(0, 8) == 0 ? "" : "s" + random.Next(0, 30).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{g},{i},{x},{y},{s}\n");
        }

        return h.Write("agg.csv", csv.ToString());
    }

    [DuckDbFact]
    public async Task StatisticalAggregates_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var data = Data(h);
        var (_, rows) = await DuckDbComparison.RunStepsAsync(h, data, """
                    - aggregate:
                        by: [g]
                        metrics:
                          q1: quantile_cont(y, 0.25)
                          q9: quantile(x, 0.9)
                          d3: quantile_disc(x, 0.3)
                          d7: percentile_disc(y, 0.7)
                          mode_x: mode(x)
                          mode_s: mode(s)
                          r: corr(y, x)
                          cp: covar_pop(y, x)
                          cs: covar_samp(y, x)
                          slope: regr_slope(y, x)
                          icpt: regr_intercept(y, x)
                          r2: regr_r2(y, x)
                    - sort: [g]
            """);
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT g, quantile_cont(y, 0.25), quantile_cont(x, 0.9), quantile_disc(x, 0.3), quantile_disc(y, 0.7), mode(x), mode(s),
                   corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x)
            FROM read_csv('{data}', columns = {Columns}, header = true) GROUP BY g ORDER BY g
            """);
    }

    [DuckDbFact]
    public async Task ValueAggregatesAndExpressionArguments_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var data = Data(h);
        var (_, rows) = await DuckDbComparison.RunStepsAsync(h, data, """
                    - aggregate:
                        by: [g]
                        metrics:
                          rows: count(*)
                          rows2: count()
                          xs: count(x)
                          top_s: arg_max(s, y)
                          low_k: arg_min(k, x)
                          joined: string_agg(s, '|')
                          any_x: any_value(x)
                          any_s: any_value(s)
                          mean_fx: mean(float(x))
                          sum_xk: sum(x * k)
                          max_expr: max(y + x)
                          n_big: count(x if x > 10 else None)
                    - sort: [g]
            """);
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT g, count(*), count(*), count(x), arg_max(s, y), arg_min(k, x), string_agg(s, '|' ORDER BY k), any_value(x ORDER BY k),
                   any_value(s ORDER BY k), avg(CAST(x AS DOUBLE)), sum(x * k), max(y + x), count(CASE WHEN x > 10 THEN x END)
            FROM read_csv('{data}', columns = {Columns}, header = true) GROUP BY g ORDER BY g
            """);
    }

    [DuckDbFact]
    public async Task NoKeysOverNoRows_GivesOneRowOfCountsAndNulls_AsDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var data = Data(h);
        var (_, rows) = await DuckDbComparison.RunStepsAsync(h, data, """
                    - filter: k < 0
                    - aggregate:
                        metrics: {rows: count(*), xs: count(x), q: "quantile_cont(y, 0.5)", m: mode(s), r: "corr(y, x)", j: string_agg(s), a: "arg_max(s, y)"}
            """);
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT count(*), count(x), quantile_cont(y, 0.5), mode(s), corr(y, x), string_agg(s, ','), arg_max(s, y)
            FROM read_csv('{data}', columns = {Columns}, header = true) WHERE k < 0
            """);
    }

    [Fact]
    public async Task AggregateOfUnknownColumnInsideExpression_IsLocatedWithSuggestion()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("x.csv", "g,amount\na,1\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: bad
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - aggregate: {by: [g], metrics: {total: "sum(amout * 2)"}}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "t");
        error.ShouldContain("unknown column 'amout'");
        error.ShouldContain("amount");
    }
}
