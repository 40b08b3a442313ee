using System.Globalization;
using Sluice.Actions;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Steps;

/// <summary>
/// <c>anomaly</c> after a keyed tumbling count: key <c>a</c> counts 10, 11, 10, 11, 10 then 40 events in six 10 s
/// windows, key <c>b</c> a constant 5. Only a's sixth window lies beyond 3 sigma of its previous windows; b's constant
/// history flags nothing. The flagged row reaches the host's <see cref="IStreamAlertObserver"/> once.
/// </summary>
public sealed class AnomalyStepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Anomaly_FlagsTheWindowBeyondThreeSigma_AndRaisesOneAlert()
    {
        var lines = new List<string>();
        int[] counts = [10, 11, 10, 11, 10, 40];
        for (var w = 0; w < counts.Length; w++)
        {
            lines.AddRange(Enumerable.Range(0, counts[w]).Select(j => $"{{\"k\":\"a\",\"ts\":{w * 10_000 + j}}}"));
            lines.AddRange(Enumerable.Range(0, 5).Select(j => $"{{\"k\":\"b\",\"ts\":{w * 10_000 + 100 + j}}}"));
        }

        File.WriteAllLines(_dir.File("events.ndjson"), lines);
        var observer = new Observer();
        var context = new ActionContext
        {
            RunId = "r1",
            TaskId = "flags",
            Log = new ListLog(),
            ArtifactDirectory = _dir.File("artifacts"),
            Services = observer,
            Parameters = new Dictionary<string, object?>
            {
                ["source"] = Map(("path", _dir.File("events.ndjson")), ("format", "ndjson")),
                ["columns"] = Map(("k", "string"), ("ts", "int")),
                ["event_time"] = Map(("column", "ts")),
                ["steps"] = new object?[]
                {
                    Map(("window", Map(("type", "tumbling"), ("size", "10s"), ("key", "k"), ("aggregates", Map(("n", "count()")))))),
                    Map(("anomaly", Map(("value", "n"), ("key", "k"), ("windows", 5L), ("alert", true)))),
                },
                ["sink"] = Map(("path", _dir.File("flags.csv")), ("columns", new object?[] { "window_start", "k", "n", "anomaly" }), ("sort", true)),
            },
        };

        await new StreamAction(null).ExecuteAsync(context, CancellationToken.None);

        var rows = File.ReadAllLines(_dir.File("flags.csv"));
        rows.Length.ShouldBe(13);
        rows.Where(static r => r.EndsWith(",true", StringComparison.Ordinal)).ShouldBe(["50000,a,40,true"]);
        observer.Alerts.Count.ShouldBe(1);
        observer.Alerts[0].Kind.ShouldBe("anomaly");
        observer.Alerts[0].Message.ShouldContain("k=a");
        observer.Alerts[0].TaskId.ShouldBe("flags");
    }

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(static e => e.Key, static e => e.Value, StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();

    private sealed class Observer : IStreamAlertObserver, IServiceProvider
    {
        public List<StreamAlertEvent> Alerts { get; } = [];

        public void StreamAlerted(StreamAlertEvent alert) => Alerts.Add(alert);

        public object? GetService(Type serviceType) => serviceType == typeof(IStreamAlertObserver) ? this : null;
    }

    private sealed class ListLog : ITaskLog
    {
        public List<string> Lines { get; } = [];

        public void Write(string stream, string line) => Lines.Add(string.Create(CultureInfo.InvariantCulture, $"{stream}: {line}"));
    }
}
