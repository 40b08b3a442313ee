using System.Text;
using Sluice.Expressions;
using Sluice.Lineage;
using Sluice.State;

namespace Sluice.DataActions.Tests;

public sealed class OrdersEtlExampleTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public async Task OrdersEtl_OnTheCommittedSample_WritesTheExpectedAggCsvAndSummary()
    {
        // Expected output computed by generate_sample.py's independent row-by-row reference of WORKLOAD.md.
        await using var h = new DataPipelineHarness();
        var root = RepoRoot();
        var example = Path.Combine(root, "examples", "orders-etl");
        var definition = h.Load(await System.IO.File.ReadAllTextAsync(Path.Combine(example, "pipeline.yaml")));
        var outDir = h.File("out");

        var outcome = await h.RunAsync(definition, new Dictionary<string, object?> { ["data_dir"] = Path.Combine(example, "sample"), ["out_dir"] = outDir });

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var actual = await System.IO.File.ReadAllBytesAsync(Path.Combine(outDir, "agg.csv"));
        var expected = await System.IO.File.ReadAllBytesAsync(Path.Combine(example, "sample", "expected", "agg.csv"));
        Encoding.UTF8.GetString(actual).ShouldBe(Encoding.UTF8.GetString(expected));
        ExprValues.ToJsonText(outcome.Result).ShouldBe((await System.IO.File.ReadAllTextAsync(Path.Combine(example, "sample", "expected", "summary.json"))).Trim());
    }

    [Fact]
    public async Task OrdersEtl_Lineage_TracesAggColumnsToTheOrdersAndCustomersColumns()
    {
        await using var h = new DataPipelineHarness();
        var example = Path.Combine(RepoRoot(), "examples", "orders-etl");
        var definition = h.Load(await System.IO.File.ReadAllTextAsync(Path.Combine(example, "pipeline.yaml")));
        var outDir = h.File("out");
        var outcome = await h.RunAsync(definition, new Dictionary<string, object?> { ["data_dir"] = Path.Combine(example, "sample"), ["out_dir"] = outDir });
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var orders = Path.Combine(example, "sample", "orders.csv");
        var customers = Path.Combine(example, "sample", "customers.csv");
        var agg = Path.Combine(outDir, "agg.csv");

        // The dataset graph: orders and customers → transform → its artifact → export → agg.csv (the ingest tasks read
        // the files too: without materialize they hand the files on rather than copying them).
        var graph = await LineageGraph.ForDatasetAsync(h.Store, agg, upstream: true, downstream: false);
        var edges = graph.Edges.Select(e => (Name(e.From), Name(e.To))).ToHashSet();
        edges.ShouldBe(new HashSet<(string, string)>
        {
            ("orders.csv", "transform"), ("customers.csv", "transform"), ("transform", "transformed_data.arrow"),
            ("transformed_data.arrow", "export"), ("export", "agg.csv"), ("orders.csv", "ingest_orders"), ("customers.csv", "ingest_customers"),
        }, ignoreOrder: true);
        graph.Datasets[agg].Rows.ShouldBe(119);
        graph.Datasets[agg].Fingerprint.ShouldStartWith("sha256:");
        graph.Datasets[agg].Schema.Select(c => c.Name).ShouldBe(["order_date", "category", "segment", "rows", "revenue_sum", "amount_avg", "qty_max", "anomalies"]);

        // Column lineage through derive, fill, join, outliers and aggregate, to the input columns.
        Traced(graph, agg, "revenue_sum").ShouldBe([(orders, "amount"), (orders, "quantity")], ignoreOrder: true);
        Traced(graph, agg, "order_date").ShouldBe([(orders, "ts")]);
        Traced(graph, agg, "segment").ShouldBe([(customers, "segment")]);
        Traced(graph, agg, "category").ShouldBe([(orders, "category")]);
        Traced(graph, agg, "anomalies").ShouldBe([(orders, "amount"), (orders, "quantity"), (orders, "category")], ignoreOrder: true);
        Traced(graph, agg, "rows").ShouldBeEmpty();
        graph.TraceColumn(agg, "revenue_sum").First(o => o.Column == "amount").Transformation
            .ShouldBe("fill: median; derive: amount * quantity; aggregate: sum(revenue); export");

        // Downstream from the orders file reaches agg.csv; the run's own graph holds every dataset it touched.
        var down = await LineageGraph.ForDatasetAsync(h.Store, orders, upstream: false, downstream: true);
        down.Datasets.Keys.ShouldContain(agg);
        var run = await LineageGraph.ForRunAsync(h.Store, outcome.RunId);
        run.Datasets.Keys.Select(Name).ShouldBe(["agg.csv", "customers.csv", "orders.csv", "transformed_data.arrow"], ignoreOrder: true);
        run.ToMermaid().ShouldContain("flowchart LR");
    }

    private static string Name(string node) => node.Contains('/', StringComparison.Ordinal) && !node.StartsWith('/') ? node[(node.LastIndexOf('/') + 1)..] : Path.GetFileName(node);

    private static (string, string)[] Traced(LineageGraph graph, string dataset, string column) =>
        [.. graph.TraceColumn(dataset, column).Select(o => (o.Dataset, o.Column)).Distinct()];
}
