using System.Globalization;
using System.Text;
using Sluice.Datasets;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Anomalies;

public sealed class RunAnomalyDetectionActionTests
{
    // 1..10 and 100: μ = 155/11 = 14.0909, population σ = 27.3045 → z(100) = 3.146 > 3 (flagged);
    // sample σ = 28.6372 → z(100) = 2.99991 < 3 (not flagged). The null row is never flagged.
    private const string Values = "id,v\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n10,10\n11,100\n12,\n";

    private static IReadOnlyDictionary<string, object?> Outputs(RunOutcome outcome, string task) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    private static string Pipeline(string parameters) => $$"""
        id: anomalies
        tasks:
          - id: detect
            action: run_anomaly_detection
            parameters:
              data: "$ROOT/in.csv"
        {{parameters}}
            outputs: [anomalies, anomaly_scores, normal_data, stats]
        """;

    [Fact]
    public async Task ZScore_PopulationStd_FlagsOnlyTheFarValueAndNeverTheNull()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", Values);
        var outcome = await h.RunAsync(h.Load(Pipeline("      method: zscore\n      columns: [v]\n      std: population")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var o = Outputs(outcome, "detect");
        var anomalies = await ArtifactFile.ReadAllTextAsync(((DatasetRef)o["anomalies"]!).Path);
        anomalies.ShouldStartWith("id,v,anomaly_score\n11,100,3.146");
        anomalies.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
        var normal = await ArtifactFile.ReadAllTextAsync(((DatasetRef)o["normal_data"]!).Path);
        normal.ShouldBe("id,v\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n10,10\n12,\n");
        var scores = (await ArtifactFile.ReadAllLinesAsync(((DatasetRef)o["anomaly_scores"]!).Path)).ToList();
        scores[0].ShouldBe("id,v,anomaly_score,is_anomaly");
        scores[12].ShouldBe("12,,,false");
        double.Parse(scores[1].Split(',')[2], CultureInfo.InvariantCulture).ShouldBe(13.0909090909 / 27.3045269156, 1e-9);

        var stats = (IReadOnlyDictionary<string, object?>)o["stats"]!;
        stats["method"].ShouldBe("zscore");
        stats["rows"].ShouldBe(12L);
        stats["anomalies"].ShouldBe(1L);
        stats["normal"].ShouldBe(11L);
        stats["unscored"].ShouldBe(1L);
        var v = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)stats["columns"]!)["v"]!;
        ((double)v["mean"]!).ShouldBe(155.0 / 11, 1e-12);
        ((double)v["std"]!).ShouldBe(27.304526915561905, 1e-12);
    }

    [Fact]
    public async Task ZScore_SampleStd_DoesNotFlagTheBorderlineValue()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", Values);
        var outcome = await h.RunAsync(h.Load(Pipeline("      method: zscore\n      std: sample")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var stats = (IReadOnlyDictionary<string, object?>)Outputs(outcome, "detect")["stats"]!;
        stats["anomalies"].ShouldBe(0L);
        // 'id' is numeric too, so the default columns are id and v.
        // Without 'columns', the identifier 'id' is left out: only the measurement is examined.
        ((IReadOnlyDictionary<string, object?>)stats["columns"]!).Keys.ShouldBe(["v"]);
    }

    [Fact]
    public async Task Iqr_PerGroup_UsesEachGroupsFences()
    {
        // a: [1, 2, 3, 4, 50] → Q1 2, Q3 4, IQR 2, fences [-1, 7]: 50 is out, score (50 - 4) / 2 = 23.
        // b: [100..104] → Q1 101, Q3 103, fences [98, 106]: nothing. Over all rows 50 would be normal.
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "g,x\na,1\nb,100\na,2\nb,101\na,3\nb,102\na,4\nb,103\na,50\nb,104\na,\n");
        var outcome = await h.RunAsync(h.Load(Pipeline("      method: iqr\n      group_by: [g]")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var o = Outputs(outcome, "detect");
        (await ArtifactFile.ReadAllTextAsync(((DatasetRef)o["anomalies"]!).Path)).ShouldBe("g,x,anomaly_score\na,50,23\n");
        var stats = (IReadOnlyDictionary<string, object?>)o["stats"]!;
        stats["groups"].ShouldBe(2L);
        stats["normal"].ShouldBe(10L);
        stats["iqr_k"].ShouldBe(1.5);
    }

    [Fact]
    public async Task AutoMethod_TwoColumns_IsolationForestFlagsPlantedOutliers_SeedParameters()
    {
        // A 15 × 15 grid of points plus two far points; the seed's own parameters: sensitivity <AUTO>, contamination 0.01.
        var csv = new StringBuilder("id,x,y\n");
        for (var i = 0; i < 225; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{i % 15},{i / 15}\n");
        }

        csv.Append("900,80,-70\n901,-60,90\n902,,3\n");
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", csv.ToString());
        var outcome = await h.RunAsync(h.Load(Pipeline("      columns: [x, y]\n      sensitivity: <AUTO>Adjust based on data characteristics</AUTO>\n      contamination: 0.01")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var o = Outputs(outcome, "detect");
        var stats = (IReadOnlyDictionary<string, object?>)o["stats"]!;
        stats["method"].ShouldBe("isolation_forest");
        stats["contamination"].ShouldBe("0.01");
        stats["rows_scored"].ShouldBe(227L);
        var flagged = (await ArtifactFile.ReadAllLinesAsync(((DatasetRef)o["anomalies"]!).Path)).Skip(1).Select(static l => l.Split(',')[0]).ToList();
        flagged.ShouldContain("900");
        flagged.ShouldContain("901");
        flagged.Count.ShouldBeLessThanOrEqualTo(3);
        flagged.ShouldNotContain("902");
    }

    [Fact]
    public void Load_BadMethodAndContamination_ReportedAtTheirPositions()
    {
        var yaml = """
            id: bad
            tasks:
              - id: detect
                action: run_anomaly_detection
                parameters:
                  data: in.csv
                  method: zscor
                  contamination: 0.9
                  n_estimators: "{{ inputs.trees }}"
            """;
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());

        result.Success.ShouldBeFalse();
        var errors = result.Errors.Select(static e => $"{e.Location}: {e.Message}").ToList();
        errors.Count.ShouldBe(2, string.Join("\n", errors));
        errors.ShouldContain(e => e.StartsWith("p.yaml:7:15: ", StringComparison.Ordinal) && e.Contains("zscor", StringComparison.Ordinal), string.Join("\n", errors));
        errors.ShouldContain(e => e.StartsWith("p.yaml:8:22: ", StringComparison.Ordinal) && e.Contains("contamination", StringComparison.Ordinal), string.Join("\n", errors));
    }
}
