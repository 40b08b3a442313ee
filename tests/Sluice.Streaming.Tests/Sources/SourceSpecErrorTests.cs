using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Tests.Sources;

/// <summary>A bad source definition fails with the parameter's path, the value and what is expected.</summary>
public sealed class SourceSpecErrorTests
{
    private static string ErrorOf(IReadOnlyDictionary<string, object?> source)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["source"] = source,
            ["columns"] = new Dictionary<string, object?> { ["v"] = "string" },
            ["sink"] = new Dictionary<string, object?> { ["path"] = "out.csv" },
        };
        return Should.Throw<SluiceException>(() => new StreamSpecReader("t").Read(parameters)).Message;
    }

    [Theory]
    [InlineData("http", "url", "ftp://x/y", "t.parameters.source.url: got 'ftp://x/y'; expected an absolute http:// or https:// URL")]
    [InlineData("websocket", "url", "http://x/y", "t.parameters.source.url: got 'http://x/y'; expected an absolute ws:// or wss:// URL")]
    [InlineData("http", "resume", "from=1", "t.parameters.source.resume: got 'from=1'; expected a query parameter carrying the offset, such as from={offset}")]
    [InlineData("stdin", "path", "x", "t.parameters.source.path: got 'path'; expected one of the keys of a stdin source: type, format, poll_interval, batch_size, max_events_per_second")]
    [InlineData("kafka", "url", "x", "t.parameters.source.type: got 'kafka'; expected one of file, stdin, http, websocket, postgres_cdc, nats")]
    public void BadSource_IsLocated(string type, string key, string value, string expected)
    {
        var source = new Dictionary<string, object?> { ["type"] = type, [key] = value };
        if (key != "url" && type != "stdin")
        {
            source["url"] = "http://127.0.0.1:1/";
        }

        ErrorOf(source).ShouldStartWith(expected);
    }

    [Fact]
    public void CdcSource_WithBadSlotName_IsLocated() =>
        ErrorOf(new Dictionary<string, object?> { ["type"] = "postgres_cdc", ["connection"] = "Host=db", ["slot"] = "My-Slot", ["publication"] = "p" })
            .ShouldBe("t.parameters.source.slot: got 'My-Slot'; expected a name of lower-case letters, digits and underscores (at most 63)");

    [Fact]
    public void NatsSource_WithoutConsumer_IsLocated() =>
        ErrorOf(new Dictionary<string, object?> { ["type"] = "nats", ["url"] = "nats://127.0.0.1:4222", ["stream"] = "EVENTS" })
            .ShouldBe("t.parameters.source.consumer: got 'nothing'; expected text");

    [Fact]
    public void HttpSource_WithCsvFormat_IsLocated() =>
        ErrorOf(new Dictionary<string, object?> { ["type"] = "http", ["url"] = "http://127.0.0.1:1/", ["format"] = "csv" })
            .ShouldBe("t.parameters.source.format: got 'csv'; expected one of ndjson");

    [Fact]
    public void PartitionedSource_WithoutPartitionInItsPath_IsLocated() =>
        ErrorOf(new Dictionary<string, object?> { ["path"] = "in/events.ndjson", ["partitions"] = 4L })
            .ShouldBe("t.parameters.source.path: got 'in/events.ndjson'; expected a path naming each partition with {partition}, such as in/part-{partition}.ndjson");

    [Fact]
    public void PartitionedSource_WithOneCsvSinkForAllPartitions_IsLocated() =>
        ErrorOf(new Dictionary<string, object?> { ["path"] = "in/p{partition}.ndjson", ["partitions"] = 4L })
            .ShouldBe("t.parameters.sink.path: got 'out.csv'; expected a file per partition of the partitioned source, named with {partition} such as out/part-{partition}.csv (or a table sink)");

    [Fact]
    public void PartitionedJetStreamSource_NamesEachPartitionsSubjectAndDurable()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["source"] = new Dictionary<string, object?> { ["type"] = "nats", ["url"] = "nats://127.0.0.1:4222", ["stream"] = "EVENTS", ["subject"] = "events.{partition}", ["consumer"] = "counts", ["partitions"] = 3L, ["lease"] = "6s" },
            ["columns"] = new Dictionary<string, object?> { ["v"] = "string" },
            ["sink"] = new Dictionary<string, object?> { ["path"] = "out/p{partition}.csv" },
        };
        var spec = new StreamSpecReader("t").Read(parameters);

        spec.Source.Partitions.ShouldBe(["0", "1", "2"]);
        spec.Source.LeaseMillis.ShouldBe(6000);
        var two = spec.ForPartition("2");
        (two.Source.JetStream!.Subject, two.Source.JetStream.Consumer, two.Sink.Path, two.Source.Partitions).ShouldBe(("events.2", "counts_2", "out/p2.csv", (IReadOnlyList<string>?)null));
    }
}
