using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Actions;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Sinks;

/// <summary>
/// Backpressure: a sink limited to 2000 rows/s under a source that could read much faster. At every checkpoint the
/// events read may be ahead of the rows the sink took by at most one batch (100): the source waits for the sink
/// instead of queueing events in memory. No timing is asserted; the limit only makes the sink the slow side.
/// </summary>
public sealed partial class SlowSinkBackpressureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task SlowSink_SourceNeverReadsMoreThanOneBatchAhead()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), Enumerable.Range(0, 3000).Select(static i => string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{i}}}")));
        var log = new ListLog();
        var context = new ActionContext
        {
            RunId = "r1",
            TaskId = "slow",
            Log = log,
            ArtifactDirectory = _dir.File("artifacts"),
            Parameters = new Dictionary<string, object?>
            {
                ["source"] = new Dictionary<string, object?> { ["path"] = _dir.File("events.ndjson"), ["batch_size"] = 100L },
                ["columns"] = new Dictionary<string, object?> { ["id"] = "int" },
                ["sink"] = new Dictionary<string, object?> { ["path"] = _dir.File("out.csv"), ["max_rows_per_second"] = 2000L },
                ["checkpoint"] = new Dictionary<string, object?> { ["interval"] = "50ms" },
            },
        };

        await new StreamAction(null).ExecuteAsync(context, CancellationToken.None);

        File.ReadAllLines(_dir.File("out.csv")).Length.ShouldBe(3001);
        var checkpoints = log.Lines.Select(static l => Counts().Match(l)).Where(static m => m.Success)
            .Select(static m => (In: long.Parse(m.Groups["in"].Value, CultureInfo.InvariantCulture), Out: long.Parse(m.Groups["out"].Value, CultureInfo.InvariantCulture)))
            .ToList();
        checkpoints.Count.ShouldBeGreaterThan(2, "the paced sink spans several checkpoint intervals:\n" + string.Join("\n", log.Lines));
        checkpoints.ShouldAllBe(c => c.In - c.Out <= 100);
        checkpoints.Take(checkpoints.Count - 1).ShouldContain(c => c.Out < 3000, "checkpoints are taken while the sink is still behind the file");
    }

    [GeneratedRegex(@"^checkpoint \d+.*: events in (?<in>\d+), out (?<out>\d+)")]
    private static partial Regex Counts();

    public void Dispose() => _dir.Dispose();

    private sealed class ListLog : ITaskLog
    {
        public List<string> Lines { get; } = [];

        public void Write(string stream, string line)
        {
            lock (Lines)
            {
                Lines.Add(line);
            }
        }
    }
}
