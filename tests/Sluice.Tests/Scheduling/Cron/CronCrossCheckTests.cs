using System.Globalization;
using System.Text;
using Sluice.Scheduling.Cron;

namespace Sluice.Tests.Scheduling.Cron;

/// <summary>
/// Random expressions (fixed seed) against <see cref="NaiveCron"/>, in UTC and two DST zones, often near transitions.
/// Some generated lists do not parse (Cronos rejects '*' inside a list and ranges that mix names and numbers), so
/// fewer than all cases are checked.
/// </summary>
public sealed class CronCrossCheckTests
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly (TimeZoneInfo Zone, DateTimeOffset[] Transitions)[] Zones =
    [
        (TimeZoneInfo.Utc, []),
        (TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), [new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)]),
        (TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), [new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)]),
    ];

    [Fact]
    public void GetNextOccurrence_FiveFieldRandomExpressions_AgreeWithMinuteStepping()
    {
        var checkedCases = Run(seed: 20260101, cases: 300, withSeconds: false, limit: TimeSpan.FromDays(10));
        checkedCases.ShouldBeGreaterThan(220);
    }

    [Fact]
    public void GetNextOccurrence_SixFieldRandomExpressions_AgreeWithSecondStepping()
    {
        var checkedCases = Run(seed: 424242, cases: 60, withSeconds: true, limit: TimeSpan.FromHours(6));
        checkedCases.ShouldBeGreaterThan(40);
    }

    private static int Run(int seed, int cases, bool withSeconds, TimeSpan limit)
    {
        var random = new Random(seed);
        var done = 0;
        for (var i = 0; i < cases; i++)
        {
            var (zone, transitions) = Zones[random.Next(Zones.Length)];
            var nearTransition = transitions.Length > 0 && random.Next(2) == 0;
            var text = RandomExpression(random, withSeconds, nearTransition);
            if (!CronExpression.TryParse(text, out var cron, out _))
            {
                continue;
            }
            var after = nearTransition
                ? transitions[random.Next(transitions.Length)] + TimeSpan.FromSeconds(random.Next(-4 * 3600, 2 * 3600))
                : new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromSeconds(random.NextInt64(0, 2L * 365 * 86400));
            if (random.Next(4) == 0)
            {
                after += TimeSpan.FromTicks(random.Next(1, (int)TimeSpan.TicksPerSecond));
            }
            var expected = new NaiveCron(text).Next(after, zone, limit);
            var actual = cron.GetNextOccurrence(after, zone);
            var context = $"'{text}' in {zone.Id} after {after:O}";
            if (expected is { } e)
            {
                actual.ShouldBe(e, context);
            }
            else
            {
                (actual is null || actual > after + limit).ShouldBeTrue($"{context}: reference found nothing within {limit}, got {actual:O}");
            }
            done++;
        }
        return done;
    }

    private static string RandomExpression(Random r, bool withSeconds, bool nearTransition)
    {
        var parts = new List<string>();
        if (withSeconds)
        {
            parts.Add(RandomField(r, 0, 59, null, 0, false));
        }
        parts.Add(RandomField(r, 0, 59, null, 0, false));
        // Near a transition, favour the hours around it and days that do not rule the date out.
        parts.Add(nearTransition && r.Next(3) > 0 ? RandomField(r, 0, 3, null, 0, false) : RandomField(r, 0, 23, null, 0, false));
        var loose = nearTransition && r.Next(4) > 0;
        parts.Add(loose ? "*" : RandomField(r, 1, 31, null, 0, true));
        parts.Add(loose || r.Next(2) == 0 ? "*" : RandomField(r, 1, 12, MonthNames, 1, false));
        parts.Add(loose ? "*" : RandomField(r, 0, 7, DayNames, 0, true));
        return string.Join(' ', parts);
    }

    private static string RandomField(Random r, int min, int max, string[]? names, int nameBase, bool question)
    {
        var kind = r.Next(9);
        if (kind <= 2)
        {
            return question && r.Next(4) == 0 ? "?" : "*";
        }
        var items = kind == 8 ? r.Next(2, 4) : 1;
        var sb = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            var a = r.Next(min, max + 1);
            var b = r.Next(a, max + 1);
            var step = r.Next(1, Math.Max(2, (max - min) / 2));
            sb.Append((kind == 8 ? r.Next(3, 7) : kind) switch
            {
                3 => $"*/{step}",
                4 => Name(a),
                5 => $"{Name(a)}-{Name(b)}",
                6 => $"{Name(a)}-{Name(b)}/{step}",
                _ => $"{Name(a)}/{step}",
            });
        }
        return sb.ToString();

        string Name(int v) => names is not null && v - nameBase < names.Length && v >= nameBase && r.Next(3) == 0
            ? (r.Next(2) == 0 ? names[v - nameBase] : names[v - nameBase].ToLowerInvariant())
            : v.ToString(CultureInfo.InvariantCulture);
    }
}
