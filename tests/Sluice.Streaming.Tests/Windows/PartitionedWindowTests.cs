using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Hosting.Library;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Tests.Nexmark;
using Sluice.Streaming.Windows;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Windows;

/// <summary><c>parallelism: N</c>: the window's state split across partitions gives the output of one partition.</summary>
public sealed class PartitionedWindowTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>q5 and q8 split by key, q11 by key into sessions, q7 (top over all bids) by slices merged by rank.</summary>
    [Theory]
    [InlineData("q5", 2)]
    [InlineData("q7", 2)]
    [InlineData("q8", 2)]
    [InlineData("q11", 2)]
    [InlineData("q5", 3)]
    [InlineData("q7", 3)]
    public async Task Query_WithParallelism_EqualsBatchReference(string query, int parallelism)
    {
        var events = NexmarkExampleTests.Generate(_dir.File("events.ndjson"), 20_000);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;
        var pipeline = WithParallelism(File.ReadAllText(NexmarkExampleTests.Example(query + ".yaml")), parallelism);
        File.WriteAllText(_dir.File(query + ".yaml"), pipeline);

        var result = await SluicePipelines.ExecuteAsync(_dir.File(query + ".yaml"),
            new Dictionary<string, object?> { ["events"] = events, ["out_dir"] = outDir },
            new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        var expected = query switch
        {
            "q5" => NexmarkReference.Q5(events),
            "q7" => NexmarkReference.Q7(events),
            "q8" => NexmarkReference.Q8(events),
            _ => NexmarkReference.Q11(events),
        };
        expected.Count.ShouldBeGreaterThan(10);
        File.ReadAllLines(Path.Combine(outDir, query + ".csv")).ShouldBe(expected);
    }

    [Fact]
    public async Task Parallelism_OnAWindowWithoutKeyOrTop_IsALocatedError()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["{\"ts\":1000}"]);
        File.WriteAllText(_dir.File("p.yaml"), $$"""
            id: counting
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: {{_dir.File("events.ndjson")}}}
                  columns: {ts: int}
                  event_time: {column: ts}
                  steps:
                    - window: {type: tumbling, size: 10s, aggregates: {n: "count()"} }
                  sink: {path: {{_dir.File("counts.csv")}}}
                  parallelism: 2
            """);

        // Stream parameters are checked when the pipeline loads, so nothing runs.
        var error = await Should.ThrowAsync<Sluice.Diagnostics.SluiceException>(() => SluicePipelines.ExecuteAsync(_dir.File("p.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") }));

        error.Message.ShouldContain("p.yaml:12:20: error SLU007: parameters.parallelism: got '2'; expected 1 here, or a window with a key");
        File.Exists(_dir.File("counts.csv")).ShouldBeFalse();
    }

    [Fact]
    public void Checkpoint_RestoredWithAnotherParallelism_SaysWhichOneItHad()
    {
        var schema = new Schema(new Field("k", DataType.Int64));
        var spec = new WindowSpec(WindowKind.Tumbling, 10_000, 10_000, ["k"], [new AggregateSpec("n", AggregateKind.Count, null)], null, 0);
        var two = WindowOperator.Create(new WindowInput(spec, schema, "w"), 2);
        byte[] state;
        using (var w = new StateWriter())
        {
            two.Save(w);
            state = w.ToArray();
        }

        using (var r = new StateReader(state))
        {
            Should.Throw<SluiceException>(() => WindowOperator.Restore(WindowOperator.Create(new WindowInput(spec, schema, "w"), 3), r))
                .Message.ShouldContain("resume with parallelism: 2");
        }

        using (var r = new StateReader(state))
        {
            Should.Throw<SluiceException>(() => WindowOperator.Restore(WindowOperator.Create(new WindowInput(spec, schema, "w")), r))
                .Message.ShouldContain("now has parallelism 1");
        }

        using (var r = new StateReader(state))
        {
            WindowOperator.Restore(WindowOperator.Create(new WindowInput(spec, schema, "w"), 2), r);
        }
    }

    internal static string WithParallelism(string pipeline, int parallelism)
    {
        var changed = pipeline.Replace("      checkpoint: {interval: 1s}", $"      parallelism: {parallelism}\n      checkpoint: {{interval: 1s}}", StringComparison.Ordinal);
        changed.ShouldNotBe(pipeline);
        return changed;
    }

    public void Dispose() => _dir.Dispose();
}
