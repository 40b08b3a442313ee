using Sluice.Data.Batches;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.DataActions.Tests.Features;

public sealed class EngineerFeaturesActionTests
{
    private static IReadOnlyDictionary<string, object?> Outputs(RunOutcome outcome, string task) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    private static async Task<Table> ReadAsync(object? dataset)
    {
        var source = new DatasetReader(new TableProviders()).Open((DatasetRef)dataset!).Source;
        return await Table.FromAsync(source.Schema, source.ReadAsync(null));
    }

    [Fact]
    public async Task Features_EveryKind_MatchHandComputedValues()
    {
        // Rows arrive out of order; order_by: id sorts them first. Oslo rows are ids 1, 3, 4 (amount 10, 30, null).
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "id,city,amount,day\n3,Oslo,30,2024-01-06\n1,Oslo,10,2024-01-01\n2,Rome,20,2024-01-02\n4,Oslo,,2024-01-07\n5,Pisa,40,2024-01-08\n");
        var outcome = await h.RunAsync(h.Load("""
            id: features
            tasks:
              - id: fe
                action: engineer_features
                parameters:
                  data: "$ROOT/in.csv"
                  features:
                    - {one_hot: city, top_k: 1}
                    - {scale: amount, method: minmax}
                    - {bin: amount, bins: [0, 25, 50]}
                    - {date_parts: day, parts: [month, weekday]}
                    - {lag: amount, by: city, order_by: id, periods: 1}
                    - {rolling: amount, by: city, order_by: id, window: 2, stats: [mean, max]}
                    - {frequency: city}
                outputs: [feature_data, feature_importance, feature_log]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var o = Outputs(outcome, "fe");
        using var t = await ReadAsync(o["feature_data"]);
        t.Schema.Fields.Select(static f => f.Name).ShouldBe([
            "id", "city", "amount", "day", "city_Oslo", "city_other", "amount_minmax", "amount_bin", "day_month", "day_day_of_week",
            "amount_lag1", "amount_rolling_mean_2", "amount_rolling_max_2", "city_freq"]);
        object?[] Column(string name) => [.. Enumerable.Range(0, 5).Select(r => t.GetValue(r, name))];
        Column("id").ShouldBe([1L, 2L, 3L, 4L, 5L]);
        Column("city_Oslo").ShouldBe([1L, 0L, 1L, 1L, 0L]);
        Column("city_other").ShouldBe([0L, 1L, 0L, 0L, 1L]);
        Column("amount_minmax").ShouldBe([0.0, 1.0 / 3, 2.0 / 3, null, 1.0]);
        Column("amount_bin").ShouldBe([0L, 0L, 1L, null, 1L]);
        Column("day_month").ShouldBe([1L, 1L, 1L, 1L, 1L]);
        Column("day_day_of_week").ShouldBe([0L, 1L, 5L, 6L, 0L]);
        Column("amount_lag1").ShouldBe([null, null, 10.0, 30.0, null]);
        Column("amount_rolling_mean_2").ShouldBe([null, null, 20.0, null, null]);
        Column("amount_rolling_max_2").ShouldBe([null, null, 30.0, null, null]);
        Column("city_freq").ShouldBe([0.6, 0.2, 0.6, 0.6, 0.2]);
        ((IReadOnlyDictionary<string, object?>)o["feature_importance"]!).ShouldBeEmpty();
        ((IReadOnlyDictionary<string, object?>)o["feature_log"]!)["order_by"].ShouldBe("id");
    }

    [Theory]
    [InlineData("correlation")]
    [InlineData("mutual_information")]
    public async Task Importance_TargetIsTwiceX_RanksXFirst(string method)
    {
        // y = 2x exactly; z alternates 1, 2: |r(z, y)| = |r(z_minmax, y)| < 1 and its mutual information is ln 2 < ln 8.
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "x,z,y\n1,1,2\n2,2,4\n3,1,6\n4,2,8\n5,1,10\n6,2,12\n7,1,14\n8,2,16\n");
        var outcome = await h.RunAsync(h.Load($$"""
            id: importance
            tasks:
              - id: fe
                action: engineer_features
                parameters:
                  data: "$ROOT/in.csv"
                  features: [{scale: z, method: minmax}]
                  target_column: y
                  importance: {{method}}
                outputs: [feature_data, feature_importance]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var importance = (IReadOnlyDictionary<string, object?>)Outputs(outcome, "fe")["feature_importance"]!;
        importance.Keys.ToHashSet().ShouldBe(["x", "z", "z_minmax"], ignoreOrder: true);
        importance.Keys.First().ShouldBe("x");
        var scores = importance.Values.Cast<double>().ToList();
        scores.ShouldBe(scores.OrderByDescending(static s => s).ToList());
        ((double)importance["x"]!).ShouldBeGreaterThan((double)importance["z"]!);
        if (method == "correlation")
        {
            ((double)importance["x"]!).ShouldBe(1.0, 1e-12);
            ((double)importance["z"]!).ShouldBe((double)importance["z_minmax"]!, 1e-12);
        }
    }

    [Fact]
    public async Task AutoFeatures_SeedParameters_ScaleNumbersOneHotTextSkipIdAndTarget()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "customer_id,city,amount,label\n1,Oslo,10,0\n2,Rome,30,1\n");
        var outcome = await h.RunAsync(h.Load("""
            id: auto
            tasks:
              - id: fe
                action: engineer_features
                parameters:
                  data: "$ROOT/in.csv"
                  feature_config: <AUTO>Generate features based on data patterns</AUTO>
                  target_variable: label
                outputs: [feature_data, feature_log]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var log = (IReadOnlyDictionary<string, object?>)Outputs(outcome, "fe")["feature_log"]!;
        ((IEnumerable<object?>)log["features_added"]!).ShouldBe(["city_Oslo", "city_Rome", "city_other", "amount_scaled"]);
        using var t = await ReadAsync(Outputs(outcome, "fe")["feature_data"]);
        t.GetValue(0, "amount_scaled").ShouldBe(-1.0);
        t.GetValue(1, "amount_scaled").ShouldBe(1.0);
    }

    [Fact]
    public void Load_BadSpecs_ReportedAtTheirPositions()
    {
        var yaml = """
            id: bad
            tasks:
              - id: fe
                action: engineer_features
                parameters:
                  data: in.csv
                  features:
                    - {scale: amount, method: zscore}
                    - {rolling: amount, window: 0, stats: [mean, median]}
                    - {lag: amount, order_by: ts}
                    - {lag: amount, order_by: id}
                    - {onehot: city}
            """;
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());

        result.Success.ShouldBeFalse();
        var errors = result.Errors.Select(static e => $"{e.Location}: {e.Message}").ToList();
        var all = string.Join("\n", errors);
        errors.Count.ShouldBe(5, all);
        errors.ShouldContain(e => e.StartsWith("p.yaml:8:35: ", StringComparison.Ordinal) && e.Contains("zscore", StringComparison.Ordinal), all);
        errors.ShouldContain(e => e.StartsWith("p.yaml:9:37: ", StringComparison.Ordinal) && e.Contains("window", StringComparison.Ordinal), all);
        errors.ShouldContain(e => e.StartsWith("p.yaml:9:47: ", StringComparison.Ordinal) && e.Contains("median", StringComparison.Ordinal), all);
        errors.ShouldContain(e => e.StartsWith("p.yaml:11:35: ", StringComparison.Ordinal) && e.Contains("order_by", StringComparison.Ordinal), all);
        errors.ShouldContain(e => e.StartsWith("p.yaml:12:12: ", StringComparison.Ordinal) && e.Contains("onehot", StringComparison.Ordinal), all);
    }
}
