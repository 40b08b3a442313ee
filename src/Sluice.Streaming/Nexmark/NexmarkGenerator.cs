using System.Globalization;

namespace Sluice.Streaming.Nexmark;

/// <summary>
/// Writes Nexmark-style events as NDJSON (one object per line, <c>"type"</c> person | auction | bid, in the
/// benchmark's 1 : 3 : 46 proportions) for the examples, tests and benchmarks. Event times advance by
/// <see cref="MillisecondsPerEvent"/>; lines are written out of event-time order by up to <see cref="MaxDisorder"/>
/// milliseconds. Deterministic for a seed.
/// </summary>
public sealed class NexmarkGenerator(int seed = 42)
{
    /// <summary>The first event's time: 2026-01-01T00:00:00Z.</summary>
    public static readonly long StartMillis = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Event-time spacing between consecutive events. The default is 10 ms (100 events per second of event time).</summary>
    public int MillisecondsPerEvent { get; init; } = 10;

    /// <summary>How far a line may be from event-time order, in milliseconds. The default is 3000.</summary>
    public int MaxDisorder { get; init; } = 3000;

    /// <summary>Writes <paramref name="count"/> events to <paramref name="output"/>.</summary>
    public void Write(TextWriter output, long count)
    {
        ArgumentNullException.ThrowIfNull(output);
        var random = new Random(seed);
        long nextPerson = 1000, nextAuction = 1000;
        // A bounded reorder buffer: each event is released at event time + a random delay, so disorder stays bounded.
        var pending = new PriorityQueue<string, (long Release, long Seq)>();
        for (long i = 0; i < count; i++)
        {
            var time = StartMillis + (i * MillisecondsPerEvent);
            var kind = i % 50;
            string line;
            if (kind == 0)
            {
                var id = nextPerson++;
                line = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"person","id":{{id}},"name":"person {{id}}","emailAddress":"p{{id}}@example.com","creditCard":"{{1000_0000_0000_0000 + id}}","city":"City {{id % 17}}","state":"{{States[id % States.Length]}}","dateTime":"{{Iso(time)}}"}""");
            }
            else if (kind is 1 or 17 or 33)
            {
                var id = nextAuction++;
                // Most sellers registered recently, so persons and their auctions often share a window (q8).
                var seller = random.Next(4) == 0 ? 1000 + random.NextInt64(Math.Max(1, nextPerson - 1000)) : nextPerson - 1;
                var initial = random.Next(1, 100);
                line = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"auction","id":{{id}},"itemName":"item {{id}}","description":"lot {{id}}","initialBid":{{initial}},"reserve":{{initial * 2}},"dateTime":"{{Iso(time)}}","expires":"{{Iso(time + 60_000)}}","seller":{{seller}},"category":{{10 + random.Next(5)}}}""");
            }
            else
            {
                // Hot auctions: most bids go to a few recent auctions, so windows have clear leaders and some ties.
                var auction = nextAuction == 1000 ? 1000 : nextAuction - 1 - random.NextInt64(Math.Min(nextAuction - 1000, random.Next(3) == 0 ? 40 : 4));
                var bidder = 1000 + random.NextInt64(Math.Max(1, Math.Min(nextPerson - 1000, 200)));
                var price = random.Next(1, 1000) * 10;
                line = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"bid","auction":{{auction}},"bidder":{{bidder}},"price":{{price}},"channel":"channel-{{random.Next(4)}}","url":"https://example.com/{{auction}}","dateTime":"{{Iso(time)}}"}""");
            }

            pending.Enqueue(line, (time + random.Next(MaxDisorder + 1), i));
            while (pending.TryPeek(out _, out var p) && p.Release <= time)
            {
                output.WriteLine(pending.Dequeue());
            }
        }

        while (pending.TryDequeue(out var rest, out _))
        {
            output.WriteLine(rest);
        }
    }

    private static readonly string[] States = ["OR", "ID", "CA", "WA", "AZ"];

    private static string Iso(long millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
