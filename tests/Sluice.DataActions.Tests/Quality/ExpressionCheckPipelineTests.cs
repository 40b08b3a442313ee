using Sluice.State;

namespace Sluice.DataActions.Tests.Quality;

/// <summary>Expression checks in analyze_data_quality, through the real loader and executor over a CSV file.</summary>
public sealed class ExpressionCheckPipelineTests
{
    //  row  customer_id  amount  quantity  amount*quantity >= 0  quantity > 0  amount >= 5
    //   0      C1          10       2        true                 true          true
    //   1      C2           5       1        true                 true          true
    //   2     null          7       1        true                 true          true
    //   3      C3           3      -1        false                false         false
    //   4      c1         null      2        null (not counted)   true          null
    //   5      C9           4       0        true                 false         false
    [Fact]
    public async Task ExpressionChecks_CountFalseRows_NullIsNotAViolation_ThresholdsApply()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", ReferenceCheckPipelineTests.Orders);
        var outcome = await h.RunAsync(h.Load("""
            id: exprs
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "$ROOT/orders.csv"}
                outputs: [raw_data]
              - id: quality
                action: analyze_data_quality
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  checks:
                    - "expression: amount * quantity >= 0"
                    - "expression: quantity > 0": {warn: "> 0", fail: "> 1"}
                    - "expression: amount >= 5": {warn: "> 0", fail: "> 2"}
                    - "expression: amount is None or amount < 100"
                    - "expression: lower(customer_id) in ['c1', 'c2', 'c3', 'c9']"
                  gates: [{metric: consistency, min: 0.9, on_fail: warn}]
                outputs: [quality_scores, quality_report, failing_rows]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var q = new QualityOutputs(outcome, "quality");
        q.Checks.ShouldBe([(1.0, "fail"), (2.0, "fail"), (2.0, "warn"), (0.0, "pass"), (0.0, "pass")]);
        // Evaluated rows (not null): 5, 6, 5, 6, 5 (a null customer_id makes the 'in' null); violations 1 + 2 + 2.
        q.Scores["consistency"].ShouldBe(1 - 5.0 / 27);
        q.FailingRows.ShouldBe([
            ("expression: amount * quantity >= 0", 3L, "amount, quantity", "3, -1"),
            ("expression: quantity > 0", 3L, "quantity", "-1"),
            ("expression: quantity > 0", 5L, "quantity", "0"),
            ("expression: amount >= 5", 3L, "amount", "3"),
            ("expression: amount >= 5", 5L, "amount", "4"),
        ]);
    }

    [Fact]
    public async Task ExpressionWithUnknownColumn_InDataKnownOnlyAtRunTime_IsACheckErrorWithItsPosition()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", ReferenceCheckPipelineTests.Orders);
        var outcome = await h.RunAsync(h.Load("""
            id: exprs_runtime
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{ inputs.orders }}"
                  checks: ["row_count = 6", "expression: amout > 0"]
                outputs: [quality_report]
            """), new Dictionary<string, object?> { ["orders"] = h.File("orders.csv") });

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var q = new QualityOutputs(outcome, "quality");
        q.Checks.Select(c => c.Outcome).ShouldBe(["pass", "error"]);
        q.Messages[1].ShouldBe("expression: amout > 0: quality.parameters.checks[1]:1:13: unknown column 'amout' (did you mean 'amount'?)");
    }

    [Fact]
    public async Task ExpressionWithSyntaxError_InATemplatedCheck_FailsBeforeReadingData()
    {
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load("""
            id: exprs_syntax
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "$ROOT/missing.csv"
                  checks: ["{{ inputs.check }}"]
            """), new Dictionary<string, object?> { ["check"] = "expression: amount >= " });

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "quality");
        error.ShouldStartWith("invalid checks in task 'quality': quality.parameters.checks[0]:1:");
        error.ShouldNotContain("missing.csv");
    }
}
