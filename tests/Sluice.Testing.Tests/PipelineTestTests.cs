using Sluice.Definition.Building;
using Sluice.Hosting;
using Sluice.State;
using Sluice.Testing.Mocks;
using Sluice.Tests.Testing;

namespace Sluice.Testing.Tests;

public sealed class PipelineTestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task CodeFirstPipeline_MockedTask_FeedsItsDownstream_AtTheFixedClock()
    {
        //   extract ──▶ report
        var calls = 0;
        var pipeline = Pipeline.Create("orders")
            .Task("extract", (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["count"] = 1L });
            }, configure: t => t.Outputs("count"))
            .Task("report", static (context, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?>
            {
                ["line"] = $"{context.Get("count")} orders on {context.Get("day")} at {context.Time.GetUtcNow():yyyy-MM-dd}",
            }), dependsOn: "extract", configure: t => t
                .Parameter("count", "{{ extract.count }}")
                .Parameter("day", "{{ run.logical_date }}")
                .Outputs("line"))
            .Build(SluiceActions.Create());

        using var result = await PipelineTest.For(pipeline)
            .MockAction("extract", new Dictionary<string, object?> { ["count"] = 42L })
            .At(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero))
            .WithLogicalDate(new DateTimeOffset(2031, 5, 1, 0, 0, 0, TimeSpan.Zero))
            .RunAsync();

        result.State.ShouldBe(RunState.Succeeded, result.Error);
        result.Tasks["extract"].ShouldBe(TaskState.Succeeded);
        calls.ShouldBe(0);
        var line = (string)result.Output("report", "line")!;
        line.ShouldStartWith("42 orders on 2031-05-01");
        line.ShouldEndWith("at 2031-05-06");
    }

    [Fact]
    public async Task YamlPipeline_MockedDataset_RowsReadBack_AndFixtureFile()
    {
        var path = _dir.File("totals.yaml");
        await File.WriteAllTextAsync(path, """
            id: totals
            tasks:
              - id: load
                action: ingest_from_sources
                parameters: {source: data/orders.csv}
                outputs: [raw_data]
              - id: rates
                action: ingest_from_sources
                parameters: {source: data/rates.csv}
                outputs: [raw_data]
              - id: total
                action: apply_transformations
                parameters:
                  data: "{{ load.raw_data }}"
                  transformations:
                    - join: {with: "{{ rates.raw_data }}", on: [currency]}
                    - derive: {eur: amount * rate}
                    - select: [id, eur]
                    - sort: [id]
                dependencies: [load, rates]
                outputs: [transformed_data]
            """);

        using var result = await PipelineTest.Load(path)
            .WithFile("data/orders.csv", "id,amount,currency\n1,10,usd\n2,5,gbp\n")
            .MockAction("rates", new TaskMock
            {
                Datasets = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>
                {
                    ["raw_data"] = [Row(("currency", "usd"), ("rate", 0.5)), Row(("currency", "gbp"), ("rate", 2.0))],
                },
            })
            .RunAsync();

        result.State.ShouldBe(RunState.Succeeded, result.Error);
        var rows = await result.ReadRowsAsync("total", "transformed_data");
        rows.Select(static r => ((long)r["id"]!, Convert.ToDouble(r["eur"], System.Globalization.CultureInfo.InvariantCulture))).ShouldBe([(1L, 5.0), (2L, 10.0)]);
        File.Exists(Path.Combine(result.Workspace, "data", "orders.csv")).ShouldBeTrue();
        Path.GetDirectoryName(path).ShouldNotBe(result.Workspace);
    }

    [Fact]
    public async Task MockOfAnUnknownTask_SaysWhichTasksExist()
    {
        var pipeline = Pipeline.Create("p").Task("only", "noop").Build(SluiceActions.Create());

        var error = await Should.ThrowAsync<Diagnostics.SluiceException>(() => PipelineTest.For(pipeline).MockAction("onyl", new Dictionary<string, object?>()).RunAsync());

        error.Message.ShouldContain("mocked task 'onyl' is not in p; did you mean 'only'?");
    }

    private static Dictionary<string, object?> Row(params (string Name, object? Value)[] cells) =>
        cells.ToDictionary(static c => c.Name, static c => c.Value, StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();
}
