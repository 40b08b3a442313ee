using Sluice.State;

namespace Sluice.DataActions.Tests.Quality;

/// <summary>Reference checks in analyze_data_quality, through the real loader and executor over CSV files.</summary>
public sealed class ReferenceCheckPipelineTests
{
    // customer_id per order: C1 (known), C2 (known), null (not checked), C3 (only 'c3' is known), c1 (only 'C1' is known), C9.
    // → 5 keyed rows, 3 missing (rows 3, 4, 5 counted from 0): keys match exactly, case included, as in SQL and Soda.
    internal const string Orders = "order_id,customer_id,amount,quantity\n1,C1,10,2\n2,C2,5,1\n3,,7,1\n4,C3,3,-1\n5,c1,,2\n6,C9,4,0\n";
    internal const string Customers = "id,name\nC1,Ann\nC2,Bob\nc3,Cid\n";

    private const string Pipeline = """
        id: refs
        tasks:
          - id: ingest_orders
            action: ingest_from_sources
            parameters: {source: "$ROOT/orders.csv"}
            outputs: [raw_data]
          - id: ingest_customers
            action: ingest_from_sources
            parameters: {source: "$ROOT/customers.csv"}
            outputs: [raw_data]
          - id: quality
            action: analyze_data_quality
            dependencies: [ingest_orders, ingest_customers]
            parameters:
              data: "{{ ingest_orders.raw_data }}"
              references:
                customers: "{{ ingest_customers.raw_data }}"
                shipped: "$ROOT/shipped.csv"
              checks:
                - values in (customer_id) must exist in customers (id)
                - "values in (customer_id) must exist in customers (id)": {warn: "> 0", fail: "> 5"}
                - values in (order_id) must exist in shipped (order_id)
              gates: [GATE]
            outputs: [quality_scores, quality_report, failing_rows, recommendations]
        """;

    private static async Task<(DataPipelineHarness Harness, Sluice.Execution.RunOutcome Outcome)> RunAsync(string gate)
    {
        var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders);
        h.Write("customers.csv", Customers);
        h.Write("shipped.csv", "order_id,carrier\n1,ups\n2,dhl\n3,ups\n4,ups\n5,dhl\n6,dhl\n7,ups\n");
        var outcome = await h.RunAsync(h.Load(Pipeline.Replace("GATE", gate, StringComparison.Ordinal)));
        return (h, outcome);
    }

    [Fact]
    public async Task ReferenceChecks_CountMissingKeys_NullKeysSkipped_CaseMatters_ThresholdsApply()
    {
        var (h, outcome) = await RunAsync("{metric: consistency, min: 0.6, on_fail: fail_task}");
        await using var _ = h;

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var q = new QualityOutputs(outcome, "quality");
        q.Checks.ShouldBe([(3.0, "fail"), (3.0, "warn"), (0.0, "pass")]);
        // Consistency = 1 − Σ missing / Σ keyed rows = 1 − (3 + 3 + 0) / (5 + 5 + 6).
        q.Scores["consistency"].ShouldBe(1 - 6.0 / 16);
        // The first two checks have the same text (one with thresholds); each keeps its own samples.
        var check = "values in (customer_id) must exist in customers (id)";
        (string, long, string, string?)[] orphans = [(check, 3L, "customer_id", "C3"), (check, 4L, "customer_id", "c1"), (check, 5L, "customer_id", "C9")];
        q.FailingRows.ShouldBe([.. orphans, .. orphans]);
        q.Recommendations.ShouldContain("customer_id: 3 value(s) without a match in customers; load the reference data first or quarantine orphans.");
    }

    [Fact]
    public async Task ConsistencyGate_BelowMinimum_FailsTheTask()
    {
        var (h, outcome) = await RunAsync("{metric: consistency, min: 0.7, on_fail: fail_task}");
        await using var _ = h;

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "quality")).ShouldStartWith("quality gate failed (fail_task): consistency = 0.625 is below 0.7");
    }

    [Fact]
    public async Task ReferenceColumnMissingFromReferenceData_IsACheckErrorNamingBoth()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders);
        h.Write("customers.csv", Customers);
        var outcome = await h.RunAsync(h.Load("""
            id: refs_missing_column
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{ inputs.orders }}"
                  references: {customers: "{{ inputs.customers }}"}
                  checks: ["values in (customer_id) must exist in customers (customer_id)", "row_count = 6"]
                outputs: [quality_report]
            """), new Dictionary<string, object?> { ["orders"] = h.File("orders.csv"), ["customers"] = h.File("customers.csv") });

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var q = new QualityOutputs(outcome, "quality");
        q.Checks.Select(c => c.Outcome).ShouldBe(["error", "pass"]);
        q.Messages[0].ShouldBe($"values in (customer_id) must exist in customers (customer_id): Column 'customer_id' is not in the reference data 'customers' ({h.File("customers.csv")}); its columns are id, name.");
    }

    [Fact]
    public async Task ReferenceFileMissing_FailsTheTaskNamingTheReference()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders);
        var outcome = await h.RunAsync(h.Load("""
            id: refs_missing_file
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "$ROOT/orders.csv"
                  references: {customers: "{{ inputs.customers }}"}
                  checks: ["values in (customer_id) must exist in customers (id)"]
            """), new Dictionary<string, object?> { ["customers"] = h.File("nowhere.csv") });

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "quality")).ShouldStartWith("reference 'customers' of task 'quality' cannot be read: ");
    }

    [Fact]
    public async Task UnknownReferenceName_FromATemplatedCheck_FailsTheTaskNamingTheCheck()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders);
        h.Write("customers.csv", Customers);
        var outcome = await h.RunAsync(h.Load("""
            id: refs_runtime_name
            inputs: {check: {type: string}}
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "$ROOT/orders.csv"
                  references: {customers: "$ROOT/customers.csv"}
                  checks: ["{{ inputs.check }}"]
            """), new Dictionary<string, object?> { ["check"] = "values in (customer_id) must exist in custmers (id)" });

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "quality")).ShouldBe(
            "task 'quality': the check 'values in (customer_id) must exist in custmers (id)' refers to data set 'custmers', which is not in 'references' (did you mean 'customers'?)");
    }
}
