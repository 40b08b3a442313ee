using System.Globalization;
using System.Text;
using Sluice.State;

namespace Sluice.DataActions.Tests.Anomalies;

/// <summary>Identifier-like columns are not measurements: automatic column choice leaves them out unless they are named.</summary>
public sealed class IdColumnTests
{
    // order_id is an identifier by name; seq by its values (25 distinct whole numbers); qty repeats, v is a measurement.
    private static string Data()
    {
        var text = new StringBuilder("order_id,seq,qty,v\n");
        for (var i = 1; i <= 25; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{100 + i},{(i % 5) + 1},{i * 1.5}\n");
        }

        return text.ToString();
    }

    private static string Pipeline(string columns) => $$"""
        id: ids
        tasks:
          - id: detect
            action: run_anomaly_detection
            parameters:
              data: "$ROOT/in.csv"
              method: zscore
        {{columns}}
            outputs: [stats]
        """;

    private static IReadOnlyDictionary<string, object?> ColumnStats(Sluice.Execution.RunOutcome outcome) =>
        (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["detect"]!)["stats"]!)["columns"]!;

    [Fact]
    public async Task DefaultColumns_LeaveOutIdentifiersByNameAndByDistinctWholeValues()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", Data());

        var outcome = await h.RunAsync(h.Load(Pipeline("")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        ColumnStats(outcome).Keys.Order(StringComparer.Ordinal).ShouldBe(["qty", "v"]);
    }

    [Fact]
    public async Task NamedColumns_AreUsedEvenWhenTheyLookLikeIdentifiers()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", Data());

        var outcome = await h.RunAsync(h.Load(Pipeline("      columns: [order_id, seq]")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        ColumnStats(outcome).Keys.Order(StringComparer.Ordinal).ShouldBe(["order_id", "seq"]);
    }
}
