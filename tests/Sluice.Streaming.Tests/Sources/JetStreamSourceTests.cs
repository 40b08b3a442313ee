using Sluice.Hosting.Library;
using Sluice.Streaming.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Sources;

/// <summary>
/// A real <c>nats-server -js</c>: events published to a stream reach a windowed aggregate through a durable consumer;
/// the consumer is acknowledged only up to what a committed checkpoint read, and a second run of the same durable
/// continues after its acknowledged floor.
/// </summary>
public sealed class JetStreamSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private NatsServer? _nats;

    private NatsServer Nats => _nats ??= new NatsServer();

    private string Source(string consumer) => $"{{type: nats, url: \"{Nats.Url}\", stream: EVENTS, subject: \"events.>\", consumer: {consumer}, bounded: true, batch_size: 16}}";

    [NatsFact]
    public async Task BoundedStream_ReachesWindowedAggregate_AndAcknowledgesWhatItRead()
    {
        await JetStreamTestData.CreateStreamAsync(Nats.Url, "EVENTS", "events.>");
        await JetStreamTestData.PublishAsync(Nats.Url, "events.keyed", KeyedEvents.Lines(95));
        File.WriteAllText(_dir.File("nats.yaml"), KeyedEvents.Pipeline(Source("counts"), _dir.File("counts.csv"), checkpoint: "50ms"));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("nats.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(KeyedEvents.Counts(95));
        (await JetStreamTestData.AckFloorAsync(Nats.Url, "EVENTS", "counts")).ShouldBe(95UL, "the final checkpoint acknowledges every message");
    }

    [NatsFact]
    public async Task SecondRun_OfTheSameDurable_ContinuesAfterItsAcknowledgedFloor()
    {
        await JetStreamTestData.CreateStreamAsync(Nats.Url, "EVENTS", "events.>");
        await JetStreamTestData.PublishAsync(Nats.Url, "events.keyed", KeyedEvents.Lines(40));
        File.WriteAllText(_dir.File("nats.yaml"), KeyedEvents.Pipeline(Source("counts"), _dir.File("counts.csv")));
        var first = await SluicePipelines.ExecuteAsync(_dir.File("nats.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });
        first.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, first.Outcome.Error);

        await JetStreamTestData.PublishAsync(Nats.Url, "events.keyed", KeyedEvents.Lines(70)[40..]);
        var second = await SluicePipelines.ExecuteAsync(_dir.File("nats.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        second.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, second.Outcome.Error);
        var stats = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)second.Outcome.Outputs["counts"]!)["stats"]!;
        stats["events_in"].ShouldBe(30L, "the second run reads only what the first did not acknowledge");
    }

    [NatsFact]
    public async Task MissingStream_FailsWithLocatedError()
    {
        File.WriteAllText(_dir.File("nats.yaml"), KeyedEvents.Pipeline(Source("counts").Replace("EVENTS", "NOPE", StringComparison.Ordinal), _dir.File("counts.csv")));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("nats.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Failed);
        result.Outcome.Error.ShouldNotBeNull().ShouldContain("counts.parameters.source.stream: the JetStream stream 'NOPE' does not exist");
    }

    public void Dispose()
    {
        _nats?.Dispose();
        _dir.Dispose();
    }
}
