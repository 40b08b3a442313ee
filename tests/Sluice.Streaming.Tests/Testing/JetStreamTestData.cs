using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Sluice.Streaming.Tests.Testing;

/// <summary>Creates streams, publishes events and reads a stream back, for the JetStream tests.</summary>
public static class JetStreamTestData
{
    public static async Task CreateStreamAsync(string url, string stream, string subject)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        await new NatsJSContext(nats).CreateStreamAsync(new StreamConfig(stream, [subject]));
    }

    public static async Task PublishAsync(string url, string subject, IEnumerable<string> lines)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(nats);
        foreach (var line in lines)
        {
            (await js.PublishAsync(subject, Encoding.UTF8.GetBytes(line))).EnsureSuccess();
        }
    }

    /// <summary>Every message of <paramref name="stream"/>, in order, as text.</summary>
    public static async Task<List<string>> ReadAllAsync(string url, string stream)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(nats);
        var messages = new List<string>();
        var state = (await js.GetStreamAsync(stream)).Info.State;
        if (state.Messages == 0)
        {
            return messages;
        }

        var consumer = await js.CreateOrderedConsumerAsync(stream);
        await foreach (var msg in consumer.ConsumeAsync<byte[]>())
        {
            messages.Add(Encoding.UTF8.GetString(msg.Data ?? []));
            if (msg.Metadata?.NumPending == 0)
            {
                break;
            }
        }

        return messages;
    }

    /// <summary>Window rows published as JSON objects, as sorted CSV lines of their values in property order.</summary>
    public static List<string> AsCsv(IEnumerable<string> json) =>
        [.. json.Select(static j => string.Join(',', JsonDocument.Parse(j).RootElement.EnumerateObject().Select(static p => p.Value.ToString())))
            .Order(StringComparer.Ordinal)];

    /// <summary>The acknowledged floor (stream sequence) of a durable consumer.</summary>
    public static async Task<ulong> AckFloorAsync(string url, string stream, string consumer)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        var info = (await new NatsJSContext(nats).GetConsumerAsync(stream, consumer)).Info;
        return info.AckFloor?.StreamSeq ?? 0;
    }
}
