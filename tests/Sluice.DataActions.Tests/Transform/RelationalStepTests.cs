using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.Datasets;
using Sluice.State;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>join kinds, union, distinct, pivot/unpivot, explode, case_when and ** against DuckDB on the same files; sample's determinism.</summary>
public sealed class RelationalStepTests
{
    private const string LeftColumns = "{'id': 'BIGINT', 'k': 'VARCHAR', 'v': 'BIGINT', 'tags': 'VARCHAR'}";
    private const string RightColumns = "{'k': 'VARCHAR', 'w': 'BIGINT'}";

    private static (string Left, string Right) Data(DataPipelineHarness h)
    {
        var left = new StringBuilder("id,k,v,tags\n");
        var random = new Random(21);
        for (var i = 0; i < 400; i++)
        {
            var k = random.Next(0, 12) == 0 ? "" : "k" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture);
            var v = random.Next(0, 10) == 0 ? "" : random.Next(-20, 60).ToString(CultureInfo.InvariantCulture);
            var tags = random.Next(0, 7) == 0 ? "" : string.Join('|', Enumerable.Range(0, random.Next(1, 4)).Select(_ => "t" + random.Next(0, 5).ToString(CultureInfo.InvariantCulture)));
            left.Append(CultureInfo.InvariantCulture, $"{i},{k},{v},{tags}\n");
        }

        // Keys k0..k4 and k10..k11 (k10, k11 match nothing), one repeated, one null.
        var right = "k,w\nk0,1\nk1,2\nk1,3\nk2,4\nk3,5\nk4,6\nk10,7\nk11,8\n,9\n";
        return (h.Write("left.csv", left.ToString()), h.Write("right.csv", right));
    }

    [DuckDbTheory]
    [InlineData("right", "RIGHT JOIN")]
    [InlineData("full", "FULL JOIN")]
    public async Task RightAndFullJoins_EqualDuckDb(string how, string sql)
    {
        await using var h = new DataPipelineHarness();
        var (left, right) = Data(h);
        var (header, rows) = await DuckDbComparison.RunStepsAsync(h, left, $$"""
                    - join: {with: {{right}}, on: k, how: {{how}}}
                    - select: [id, k, v, w]
                    - sort: [id, k, v, w]
            """);
        header.ShouldBe("id,k,v,w");
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT l.id, coalesce(l.k, r.k) AS k, l.v, r.w FROM read_csv('{left}', columns = {LeftColumns}, header = true) l
            {sql} read_csv('{right}', columns = {RightColumns}, header = true) r ON l.k = r.k ORDER BY 1, 2, 3, 4
            """);
    }

    [DuckDbTheory]
    [InlineData("semi", "SEMI JOIN")]
    [InlineData("anti", "ANTI JOIN")]
    public async Task SemiAndAntiJoins_EqualDuckDb(string how, string sql)
    {
        await using var h = new DataPipelineHarness();
        var (left, right) = Data(h);
        var (header, rows) = await DuckDbComparison.RunStepsAsync(h, left, $$"""
                    - join: {with: {{right}}, on: k, how: {{how}}}
            """);
        header.ShouldBe("id,k,v,tags");
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT * FROM read_csv('{left}', columns = {LeftColumns}, header = true) l
            {sql} read_csv('{right}', columns = {RightColumns}, header = true) r ON l.k = r.k ORDER BY id
            """);
    }

    [DuckDbFact]
    public async Task UnionDistinctAndDistinctColumns_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var (left, _) = Data(h);
        var (_, all) = await DuckDbComparison.RunStepsAsync(h, left, $$"""
                    - union: {with: [{{left}}, {{left}}], distinct: false}
                    - select: [k, v]
                    - sort: [k, v]
            """);
        var source = $"read_csv('{left}', columns = {LeftColumns}, header = true)";
        all.Count.ShouldBe(1200);
        DuckDbComparison.ShouldEqual(all, $"SELECT k, v FROM (SELECT k, v FROM {source} UNION ALL SELECT k, v FROM {source} UNION ALL SELECT k, v FROM {source}) ORDER BY k, v");

        var (_, distinct) = await DuckDbComparison.RunStepsAsync(h, left, $$"""
                    - distinct: [k, v]
                    - sort: [k, v]
            """);
        DuckDbComparison.ShouldEqual(distinct, $"SELECT DISTINCT k, v FROM {source} ORDER BY k, v");

        var (_, union) = await DuckDbComparison.RunStepsAsync(h, left, $$"""
                    - union: {with: {{left}}, distinct: true}
                    - sort: [id]
            """);
        DuckDbComparison.ShouldEqual(union, $"SELECT * FROM (SELECT * FROM {source} UNION SELECT * FROM {source}) ORDER BY id");
    }

    [DuckDbFact]
    public async Task UnionWithDifferentColumns_SaysWhichDiffer()
    {
        await using var h = new DataPipelineHarness();
        var (left, right) = Data(h);
        var outcome = await h.RunAsync(h.Load($$"""
            id: bad
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: {{left}}
                  transformations:
                    - union: {with: {{right}}}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "t")).ShouldContain("same columns");
    }

    [DuckDbFact]
    public async Task PivotAndUnpivot_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var (left, _) = Data(h);
        var source = $"read_csv('{left}', columns = {LeftColumns}, header = true)";
        var (header, wide) = await DuckDbComparison.RunStepsAsync(h, left, """
                    - derive: {bucket: "id % 7"}
                    - pivot: {index: [bucket], columns: k, values: v, names: [k0, k1, k2], agg: sum}
                    - sort: [bucket]
            """);
        header.ShouldBe("bucket,k0,k1,k2");
        DuckDbComparison.ShouldEqual(wide, $"""
            SELECT id % 7 AS bucket, sum(v) FILTER (WHERE k = 'k0'), sum(v) FILTER (WHERE k = 'k1'), sum(v) FILTER (WHERE k = 'k2')
            FROM {source} GROUP BY 1 ORDER BY 1
            """);

        var (longHeader, tall) = await DuckDbComparison.RunStepsAsync(h, left, """
                    - derive: {v2: "v * 2", vf: "v / 4"}
                    - select: [id, v, v2, vf]
                    - unpivot: {columns: [v, v2, vf], names_to: which, values_to: amount}
                    - sort: [id, which]
            """);
        longHeader.ShouldBe("id,which,amount");
        DuckDbComparison.ShouldEqual(tall, $"""
            SELECT id, which, amount FROM (UNPIVOT (SELECT id, CAST(v AS DOUBLE) AS v, CAST(v * 2 AS DOUBLE) AS v2, v / 4 AS vf FROM {source})
              ON v, v2, vf INTO NAME which VALUE amount) ORDER BY id, which
            """);
    }

    [DuckDbFact]
    public async Task ExplodeCaseWhenAndPower_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var (left, _) = Data(h);
        var (_, rows) = await DuckDbComparison.RunStepsAsync(h, left, """
                    - derive:
                        size: "case_when(v > 40, 'big', v > 10, 'mid', v is None, None, 'small')"
                        sq: "v ** 2"
                        root: "v ** 0.5"
                    - explode: {column: tags, separator: "|"}
                    - select: [id, tags, size, sq, root]
            """);
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT id, unnest(coalesce(string_split(tags, '|'), [NULL])) AS tags,
              CASE WHEN v > 40 THEN 'big' WHEN v > 10 THEN 'mid' WHEN v IS NULL THEN NULL ELSE 'small' END,
              pow(v, 2), CASE WHEN v < 0 THEN 'NaN'::DOUBLE ELSE pow(v, 0.5) END
            FROM read_csv('{left}', columns = {LeftColumns}, header = true) ORDER BY id
            """);
    }

    [Fact]
    public async Task Sample_IsTheSameForTheSameSeed_AndTakesExactlyN()
    {
        await using var h = new DataPipelineHarness();
        var (left, _) = Data(h);
        var (_, a) = await DuckDbComparison.RunStepsAsync(h, left, "        - sample: {fraction: 0.25, seed: 7}");
        var (_, b) = await DuckDbComparison.RunStepsAsync(h, left, "        - sample: {fraction: 0.25, seed: 7}");
        var (_, c) = await DuckDbComparison.RunStepsAsync(h, left, "        - sample: {fraction: 0.25, seed: 8}");
        a.Select(static r => r[0]).ShouldBe(b.Select(static r => r[0]));
        a.Select(static r => r[0]).ShouldNotBe(c.Select(static r => r[0]));
        a.Count.ShouldBeInRange(60, 140);

        var (_, n) = await DuckDbComparison.RunStepsAsync(h, left, "        - sample: {n: 50, seed: 7}");
        n.Count.ShouldBe(50);
        var ids = n.Select(static r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        ids.ShouldBe(ids.Order().ToList());
        ids.Distinct().Count().ShouldBe(50);
    }

    [Fact]
    public async Task InferDecimalsFloat_ReadsFractionsAsDoubles()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("d.csv", "a,b\n1.250000,2\n3.5,4\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: infer
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: {path: {{{data}}}, infer: {decimals: float}}
                  transformations:
                    - derive: {c: "a / 2"}
                outputs: [transformed_data]
              - id: exact
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "t"));
        string TypeOf(string task) => ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!)["transformed_data"]!).Schema
            .Single(static f => f.Name == "a").Type;
        TypeOf("t").ShouldBe("float64");
        TypeOf("exact").ShouldBe("decimal(6)");
    }
}
