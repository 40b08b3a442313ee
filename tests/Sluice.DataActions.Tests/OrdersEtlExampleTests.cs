using System.Text;
using Sluice.Expressions;
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
}
