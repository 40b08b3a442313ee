using FsCheck;
using FsCheck.Fluent;
using Sluice.Scheduling.Cron;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// The cron parser on random field combinations and broken text: it never throws anything but a
/// <see cref="CronFormatException"/> that points into the text, and a parsed expression always answers "when next"
/// within its bounds (including in a time zone with daylight saving time).
/// </summary>
public sealed class CronFuzzTests
{
    private static readonly string[] Atoms =
    [
        "*", "?", "0", "1", "5", "7", "12", "15", "23", "29", "30", "31", "59", "60", "61", "-1", "99999999999", "JAN", "dec", "FEB", "MON", "sun",
        "SAT", "FOO", "L", "W", "1#2", "", "0x1", "1.5", "\u0661",
    ];

    private static readonly string[] Seeds =
        ["0 0 * * *", "*/15 * * * *", "0 9-17 * * MON-FRI", "30 2 * * *", "0 0 1,15 * MON", "0 0 29 2 *", "*/5 0 0 1 JAN *", "@daily", "@hourly", "0 0 31 4 *"];

    private static readonly TimeZoneInfo[] Zones =
        [TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe")];

    [Fact]
    public void Cron_RandomAndBrokenExpressions_FailOnlyWithLocatedErrors_AndAlwaysAnswerNext() =>
        FuzzProperty.Check("cron", Gen.Frequency((4, Fields()), (2, Mutations.Of(Seeds, ["*", "/", "-", ",", " ", "@", "?", "L", "#", "\t", "7", "0"], maxEdits: 3)),
            (1, Mutations.RandomText(30))), FuzzProperty.Cases(3_000), ParsesCleanly);

    private static Gen<string> Fields() =>
        from count in Gen.Elements(4, 5, 5, 5, 6, 6, 7)
        from fields in Gen.ArrayOf(Field(), count)
        select string.Join(' ', fields);

    private static Gen<string> Field() =>
        Gen.Frequency(
            (4, Gen.Elements(Atoms)),
            (2, from a in Gen.Elements(Atoms) from b in Gen.Elements(Atoms) select $"{a}-{b}"),
            (2, from a in Gen.Elements(Atoms) from s in Gen.Elements("0", "1", "2", "7", "60", "-1", "", "*") select $"{a}/{s}"),
            (1, from a in Gen.Elements(Atoms) from b in Gen.Elements(Atoms) from s in Gen.Elements("2", "0", "100") select $"{a}-{b}/{s}"),
            (1, Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(Atoms), n)).Select(static l => string.Join(',', l))));

    private static void ParsesCleanly(string text)
    {
        if (!CronExpression.TryParse(text, out var cron, out var error))
        {
            if (error.Column < 1 || error.Column > text.Length + 1 || FuzzProperty.LooksRaw(error.Message))
            {
                throw new FuzzFailure($"error without a column inside the text (column {error.Column}): {error.Message}");
            }
            return;
        }
        var at = new DateTimeOffset(2025, 3, 8, 23, 59, 30, TimeSpan.Zero);
        foreach (var zone in Zones)
        {
            var after = at;
            for (var i = 0; i < 5 && cron.GetNextOccurrence(after, zone) is { } next; i++)
            {
                if (next <= after)
                {
                    throw new FuzzFailure($"next occurrence {next:O} is not after {after:O} in {zone.Id}");
                }
                after = next;
            }
        }
    }
}
