using System.Globalization;
using System.Text.Json;

namespace Sluice.Streaming.Tests.Nexmark;

/// <summary>
/// The four Nexmark queries computed in batch over the whole file with plain LINQ — independent of the streaming
/// engine — as the expected CSV lines (header first, rows sorted ascending by all columns).
/// </summary>
internal static class NexmarkReference
{
    private sealed record Event(string Type, long Id, string? Name, long Seller, long Auction, long Bidder, long Price, long Time);

    private static List<Event> Read(string path) => [.. File.ReadLines(path).Select(line =>
    {
        var e = JsonDocument.Parse(line).RootElement;
        long L(string n) => e.TryGetProperty(n, out var v) ? v.GetInt64() : 0;
        var time = DateTimeOffset.Parse(e.GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return new Event(e.GetProperty("type").GetString()!, L("id"), e.TryGetProperty("name", out var n) ? n.GetString() : null, L("seller"), L("auction"), L("bidder"), L("price"), time);
    })];

    private static long Floor(long t, long size) => t - (((t % size) + size) % size);

    public static List<string> Q5(string path)
    {
        var bids = Read(path).Where(e => e.Type == "bid").ToList();
        var counts = new Dictionary<(long Start, long Auction), long>();
        foreach (var b in bids)
        {
            for (var s = Floor(b.Time, 2000); s > b.Time - 10_000; s -= 2000)
            {
                counts[(s, b.Auction)] = counts.GetValueOrDefault((s, b.Auction)) + 1;
            }
        }

        var rows = counts.GroupBy(kv => kv.Key.Start).SelectMany(g =>
        {
            var max = g.Max(kv => kv.Value);
            return g.Where(kv => kv.Value == max).Select(kv => new long[] { g.Key, g.Key + 10_000, kv.Key.Auction, kv.Value });
        });
        return Csv("window_start,window_end,auction,num", rows);
    }

    public static List<string> Q7(string path)
    {
        var rows = Read(path).Where(e => e.Type == "bid").GroupBy(b => Floor(b.Time, 10_000)).SelectMany(g =>
        {
            var max = g.Max(b => b.Price);
            return g.Where(b => b.Price == max).Select(b => new long[] { g.Key, g.Key + 10_000, b.Auction, b.Bidder, b.Price });
        });
        return Csv("window_start,window_end,auction,bidder,price", rows);
    }

    public static List<string> Q8(string path)
    {
        var events = Read(path);
        var persons = events.Where(e => e.Type == "person").Select(p => (Window: Floor(p.Time, 10_000), p.Id, p.Name));
        var sellers = events.Where(e => e.Type == "auction").Select(a => (Window: Floor(a.Time, 10_000), a.Seller)).ToHashSet();
        var rows = persons.Where(p => sellers.Contains((p.Window, p.Id))).Distinct()
            .OrderBy(p => p.Window).ThenBy(p => p.Id).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Window},{p.Id},{p.Name}"));
        return ["window_start,id,name", .. rows];
    }

    public static List<string> Q11(string path)
    {
        var rows = new List<long[]>();
        foreach (var bidder in Read(path).Where(e => e.Type == "bid").GroupBy(b => b.Bidder))
        {
            var times = bidder.Select(b => b.Time).Order().ToList();
            var start = times[0];
            var last = times[0];
            var count = 1L;
            foreach (var t in times.Skip(1))
            {
                if (t <= last + 10_000)
                {
                    last = t;
                    count++;
                    continue;
                }

                rows.Add([bidder.Key, count, start, last + 10_000]);
                (start, last, count) = (t, t, 1);
            }

            rows.Add([bidder.Key, count, start, last + 10_000]);
        }

        return Csv("bidder,bid_count,session_start,session_end", rows);
    }

    private static List<string> Csv(string header, IEnumerable<long[]> rows)
    {
        var sorted = rows.ToList();
        sorted.Sort(static (a, b) =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                var c = a[i].CompareTo(b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        });
        return [header, .. sorted.Select(r => string.Join(',', r.Select(v => v.ToString(CultureInfo.InvariantCulture))))];
    }
}
