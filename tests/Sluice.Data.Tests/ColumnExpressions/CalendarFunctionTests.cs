using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Tests.Parquet;

namespace Sluice.Data.Tests.ColumnExpressions;

/// <summary>Calendar functions against DuckDB (an independent implementation) on random instants, many near DST changes.</summary>
public sealed class CalendarFunctionTests
{
    private const string Fmt = "%Y-%m-%dT%H:%M:%S.%f";
    private static readonly Schema Schema = new(new Field("t", DataType.Timestamp), new Field("u", DataType.Timestamp), new Field("n", DataType.Int64));

    [DuckDbFact]
    public void CalendarFunctions_RandomInstants_MatchDuckDb()
    {
        var (t, u, n) = Sample(300);
        var values = string.Join(", ", t.Select((x, i) => $"({i}, TIMESTAMP '{Text(x)}', TIMESTAMP '{Text(u[i])}', {n[i]})"));
        var cases = new (string Ours, string Theirs)[]
        {
            ("strftime(date_trunc('millisecond', t), '" + Fmt + "')", "strftime(date_trunc('millisecond', t), '" + Fmt + "')"),
            ("strftime(date_trunc('second', t), '" + Fmt + "')", "strftime(date_trunc('second', t), '" + Fmt + "')"),
            ("strftime(date_trunc('hour', t), '" + Fmt + "')", "strftime(date_trunc('hour', t), '" + Fmt + "')"),
            ("strftime(date_trunc('day', t), '" + Fmt + "')", "strftime(date_trunc('day', t), '" + Fmt + "')"),
            ("strftime(date_trunc('week', t), '" + Fmt + "')", "strftime(date_trunc('week', t), '" + Fmt + "')"),
            ("strftime(date_trunc('month', t), '" + Fmt + "')", "strftime(date_trunc('month', t), '" + Fmt + "')"),
            ("strftime(date_trunc('quarter', t), '" + Fmt + "')", "strftime(date_trunc('quarter', t), '" + Fmt + "')"),
            ("strftime(date_trunc('year', t), '" + Fmt + "')", "strftime(date_trunc('year', t), '" + Fmt + "')"),
            ("strftime(date_add(t, n, 'month'), '" + Fmt + "')", "strftime(t + to_months(n), '" + Fmt + "')"),
            ("strftime(date_add(t, n, 'quarter'), '" + Fmt + "')", "strftime(t + to_months(3 * n), '" + Fmt + "')"),
            ("strftime(date_sub(t, n, 'year'), '" + Fmt + "')", "strftime(t - to_years(n), '" + Fmt + "')"),
            ("strftime(date_add(t, n, 'hour'), '" + Fmt + "')", "strftime(t + to_hours(n), '" + Fmt + "')"),
            ("date_diff('second', t, u)", "date_diff('second', t, u)"),
            ("date_diff('hour', t, u)", "date_diff('hour', t, u)"),
            ("date_diff('day', t, u)", "date_diff('day', t, u)"),
            ("date_diff('week', t, u)", "date_diff('week', t, u)"),
            ("date_diff('month', t, u)", "date_diff('month', t, u)"),
            ("date_diff('quarter', t, u)", "date_diff('quarter', t, u)"),
            ("date_diff('year', t, u)", "date_diff('year', t, u)"),
            ("week(t)", "week(t)"), ("isoyear(t)", "isoyear(t)"), ("dayofweek(t)", "dayofweek(t)"), ("isodow(t)", "isodow(t)"),
            ("dayofyear(t)", "dayofyear(t)"), ("quarter(t)", "quarter(t)"), ("epoch_ms(t)", "epoch_ms(t)"),
            ("strftime(t, '%Y %y %m %d %H %I %p %M %S %j %a %A %b %B %u %w %V %G %%')", "strftime(t, '%Y %y %m %d %H %I %p %M %S %j %a %A %b %B %u %w %V %G %%')"),
            ("strftime(to_timezone(t, 'Europe/Berlin'), '" + Fmt + "')", "strftime(timezone('Europe/Berlin', timezone('UTC', t)), '" + Fmt + "')"),
            ("strftime(to_timezone(t, 'America/New_York'), '" + Fmt + "')", "strftime(timezone('America/New_York', timezone('UTC', t)), '" + Fmt + "')"),
            ("strftime(date_trunc('day', t, 'America/New_York'), '" + Fmt + "')", "strftime(timezone('UTC', timezone('America/New_York', date_trunc('day', timezone('America/New_York', timezone('UTC', t))))), '" + Fmt + "')"),
            ("strftime(date_trunc('week', t, 'Europe/Berlin'), '" + Fmt + "')", "strftime(timezone('UTC', timezone('Europe/Berlin', date_trunc('week', timezone('Europe/Berlin', timezone('UTC', t))))), '" + Fmt + "')"),
        };

        var theirs = DuckDb.Query(
            "SET TimeZone = 'UTC'",
            $"SELECT i, {string.Join(", ", cases.Select((c, k) => $"CAST({c.Theirs} AS VARCHAR) AS c{k}"))} FROM (VALUES {values}) v(i, t, u, n) ORDER BY i");
        using var batch = new RecordBatch(Schema, [Timestamps(t), Timestamps(u), ColumnFactory.Int64([.. n.Select(x => (long?)x)])], t.Length);
        for (var k = 0; k < cases.Length; k++)
        {
            using var col = ExprCompiler.Compile(Parse(cases[k].Ours), Schema).Evaluate(batch);
            for (var i = 0; i < t.Length; i++)
            {
                var ours = Convert.ToString(col.GetValue(i), CultureInfo.InvariantCulture);
                var expected = theirs[i].GetProperty($"c{k}").GetString();
                ours.ShouldBe(expected, $"{cases[k].Ours} at t = {Text(t[i])}, u = {Text(u[i])}, n = {n[i]}");
            }
        }
    }

    [Theory]
    [InlineData("2024-03-10T02:30:00", "America/New_York", "2024-03-10T07:30:00")] // in the spring-forward gap: read with the offset before it
    [InlineData("2024-11-03T01:30:00", "America/New_York", "2024-11-03T05:30:00")] // repeated hour: its first (daylight) occurrence
    [InlineData("2024-07-01T12:00:00", "Europe/Berlin", "2024-07-01T10:00:00")]
    public void FromTimezone_GapsAndRepeats_FollowDocumentedRule(string wall, string zone, string utc)
    {
        var schema = new Schema(new Field("t", DataType.Timestamp));
        using var batch = new RecordBatch(schema, [Timestamps([Micros(DateTime.Parse(wall, CultureInfo.InvariantCulture))])], 1);
        using var col = ExprCompiler.Compile(Parse($"from_timezone(t, '{zone}')"), schema).Evaluate(batch);
        Text(Micros((DateTime)col.GetValue(0)!)).ShouldBe(utc);
    }

    [Fact]
    public void DateInputs_StayDates_ForUnitsOfADayOrMore()
    {
        var schema = new Schema(new Field("d", DataType.Date));
        using var batch = new RecordBatch(schema, [ColumnFactory.Create(DataType.Date, [new DateOnly(2024, 1, 31), null, new DateOnly(2024, 3, 31)])], 3);
        Values(schema, batch, "date_add(d, 1, 'month')").ShouldBe([new DateOnly(2024, 2, 29), null, new DateOnly(2024, 4, 30)]);
        Values(schema, batch, "date_trunc('quarter', d)").ShouldBe([new DateOnly(2024, 1, 1), null, new DateOnly(2024, 1, 1)]);
        Values(schema, batch, "date_diff('day', d, date_add(d, 1, 'month'))").ShouldBe([29L, null, 30L]);
    }

    [Theory]
    [InlineData("date_trunc('fortnight', t)", "'fortnight' is not a time unit")]
    [InlineData("to_timezone(t, 'Mars/Olympus')", "'Mars/Olympus' is not a known time zone")]
    [InlineData("strftime(t, '%Q')", "unsupported specifier '%Q'")]
    [InlineData("date_add(t, 1.5, 'day')", "date_add expects int64")]
    public void BadArguments_AreClearErrors(string expression, string fragment)
    {
        Should.Throw<DataException>(() => ExprCompiler.Compile(Parse(expression), Schema)).Message.ShouldContain(fragment);
    }

    [Theory]
    [InlineData("2024-03-31T12:00:00Z", "2024-03-31T12:00:00")]
    [InlineData("2024-03-31T12:00:00+02:00", "2024-03-31T10:00:00")]
    [InlineData("2024-03-31 12:00:00.123456789-0530", "2024-03-31T17:30:00.123456")]
    [InlineData("2024-01-01T00:30:00+01", "2023-12-31T23:30:00")]
    public void TimestampsWithZones_ReadAsUtc(string text, string utc)
    {
        Sluice.Data.Text.Utf8Parse.TryTimestamp(System.Text.Encoding.UTF8.GetBytes(text), out var micros).ShouldBeTrue();
        Text(micros).ShouldBe(utc);
    }

    [Theory]
    [InlineData("2024-03-31T12:00:00+2:00")]
    [InlineData("2024-03-31T12:00:00 Z")]
    [InlineData("2024-03-31T12:00:00+19:00")]
    [InlineData("2024-03-31T12:00:00.")]
    public void TimestampsWithBadZones_DoNotRead(string text)
    {
        Sluice.Data.Text.Utf8Parse.TryTimestamp(System.Text.Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();
    }

    private static object?[] Values(Schema schema, RecordBatch batch, string expression)
    {
        using var col = ExprCompiler.Compile(Parse(expression), schema).Evaluate(batch);
        return [.. Enumerable.Range(0, col.Length).Select(col.GetValue)];
    }

    /// <summary>Reads the calls, column names, 'texts' and integers these tests write (the YAML parser lives in Sluice.DataActions).</summary>
    private static ColumnExpr Parse(string text)
    {
        var pos = 0;
        var expr = Read(text, ref pos);
        return pos == text.Length ? expr : throw new FormatException($"trailing text at {pos} in {text}");
    }

    private static ColumnExpr Read(string s, ref int pos)
    {
        while (s[pos] == ' ')
        {
            pos++;
        }

        if (s[pos] == '\'')
        {
            var end = s.IndexOf('\'', pos + 1);
            var lit = ColumnExprs.Lit(s[(pos + 1)..end]);
            pos = end + 1;
            return lit;
        }

        var start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '_' or '.' or '-'))
        {
            pos++;
        }

        var word = s[start..pos];
        if (pos == s.Length || s[pos] != '(')
        {
            return long.TryParse(word, CultureInfo.InvariantCulture, out var number) ? ColumnExprs.Lit(number)
                : double.TryParse(word, CultureInfo.InvariantCulture, out var real) ? ColumnExprs.Lit(real)
                : ColumnExprs.Col(word);
        }

        pos++;
        var args = new List<ColumnExpr>();
        while (s[pos] != ')')
        {
            args.Add(Read(s, ref pos));
            while (s[pos] is ' ' or ',')
            {
                pos++;
            }
        }

        pos++;
        return ColumnExprs.Call(word, [.. args]);
    }

    private static (long[] T, long[] U, long[] N) Sample(int count)
    {
        var random = new Random(20261207);
        DateTime[] edges =
        [
            new(2024, 3, 10, 7, 0, 0), new(2024, 11, 3, 6, 0, 0), new(2024, 3, 31, 1, 0, 0), new(2024, 10, 27, 1, 0, 0),
            new(2020, 12, 31, 23, 0, 0), new(2021, 1, 3, 12, 0, 0), new(1969, 12, 31, 23, 59, 59), new(2024, 2, 29, 0, 0, 0),
        ];
        var t = new long[count];
        var u = new long[count];
        var n = new long[count];
        for (var i = 0; i < count; i++)
        {
            var near = edges[random.Next(edges.Length)];
            var baseTime = random.Next(3) == 0
                ? near.AddSeconds(random.Next(-5 * 3600, 5 * 3600))
                : new DateTime(1965, 1, 1).AddSeconds(random.NextInt64(0, 66L * 365 * 86400));
            t[i] = Micros(baseTime) + (random.Next(2) == 0 ? random.Next(0, 1_000_000) : 0);
            u[i] = t[i] + (random.NextInt64(-800L * 86400, 800L * 86400) * 1_000_000) + random.Next(-1_000_000, 1_000_000);
            n[i] = random.Next(-30, 30);
        }

        return (t, u, n);
    }

    private static Column Timestamps(long[] micros) =>
        ColumnFactory.Create(DataType.Timestamp, [.. micros.Select(m => (object?)new DateTime(DateTime.UnixEpoch.Ticks + (m * 10), DateTimeKind.Unspecified))]);

    private static long Micros(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static string Text(long micros)
    {
        var dt = new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc);
        return micros % 1_000_000 == 0 ? dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}
