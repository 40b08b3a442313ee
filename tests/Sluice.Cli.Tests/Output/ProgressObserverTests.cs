using Sluice.Cli.Commands;
using Sluice.Cli.Output;
using Sluice.Execution;
using Sluice.State;
using Sluice.Tests.Testing;
using Spectre.Console.Testing;

namespace Sluice.Cli.Tests.Output;

/// <summary>The live table of <c>sluice run</c>, drawn on a Spectre test console from the events of a real run.</summary>
public sealed class ProgressObserverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    //   load ──▶ quality
    //   fan (3 items)
    [Fact]
    public async Task LiveTable_OfARealRun_ShowsEachTaskStateRowsAndItems()
    {
        await File.WriteAllTextAsync(_dir.File("orders.csv"), "id,category\n1,A\n2,B\n3,A\n4,C\n5,B\n");
        var file = _dir.File("p.yaml");
        await File.WriteAllTextAsync(file, $$$"""
            id: live_table
            tasks:
              - id: load
                action: ingest_from_sources
                parameters: {source: "{{{_dir.File("orders.csv")}}}"}
                outputs: [raw_data]
              - id: quality
                action: analyze_data_quality
                parameters: {data: "{{ load.raw_data }}"}
                dependencies: [load]
                outputs: [quality_scores]
              - {id: fan, action: noop, for_each: "{{ [1, 2, 3] }}"}
            """);
        var console = new TestConsole().Width(160);
        await using var store = await CommonOptions.OpenStoreAsync(_dir.File("state.db"), CancellationToken.None);
        var actions = CommonOptions.Actions(store);
        var loaded = PipelineFiles.LoadOrFail(file, actions);
        var observer = new ProgressObserver(TimeProvider.System, quiet: false, console).Start();
        RunOutcome outcome;
        await using (observer)
        {
            outcome = await RunLoop.Embedded(store, actions, observer, null, new Dictionary<string, int>(), [])
                .RunAsync(loaded.Definition!, loaded.ToVersion(file, TimeProvider.System.GetUtcNow()), new Dictionary<string, object?>());
        }
        outcome.State.ShouldBe(RunState.Succeeded);

        // The live display left its last drawing; the table drawn again now is the same run's end state.
        console.Output.ShouldContain("▶ run " + outcome.RunId);
        var table = new TestConsole().Width(160);
        table.Write(observer.Table());
        var rows = table.Lines.Select(static l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(static c => c.Length > 1).ToDictionary(static c => c[0], static c => c);
        rows["load"][1].ShouldBe("succeeded", table.Output);
        rows["quality"][1].ShouldBe("succeeded", table.Output);
        rows["fan"][1].ShouldBe("succeeded", table.Output);
        // The quality task streamed the 5 rows the load task only referenced (once, though it reads them in two passes);
        // the mapped task finished its 3 items. Columns: task, state, duration, progress, rows, rows/s.
        rows["quality"][4].ShouldBe("5", table.Output);
        rows["fan"].ShouldContain("3/3", table.Output);
        rows["fan"][2].EndsWith('s').ShouldBeTrue(table.Output);
        rows["load"].ShouldNotContain("3/3", table.Output);
        table.Output.ShouldContain("3/3 tasks done");
        console.Output.ShouldContain("3/3 tasks done");
    }

    public void Dispose() => _dir.Dispose();
}
