using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// Date parts, date(), strict parsing with a format (to_timestamp, to_date), and calendar arithmetic: date_trunc,
/// date_add/date_sub, date_diff, time zone conversion (to_timezone, from_timezone) and strftime.
/// </summary>
internal static class TemporalFunctions
{
    public static Node Bind(string name, Node[] args)
    {
        switch (name)
        {
            case "date_trunc":
                return Truncate(args);
            case "date_add" or "date_sub":
                return Add(name, args);
            case "date_diff":
                FunctionBinder.Arity(name, args, 3);
                var diffUnit = Unit(name, args[0]);
                return new LongBinaryNode(Instant(name, args[1]), Instant(name, args[2]), DataType.Int64, (long a, long b, out long v) =>
                {
                    v = CalendarMath.Diff(diffUnit, a, b);
                    return true;
                });
            case "to_timezone" or "from_timezone":
                FunctionBinder.Arity(name, args, 2);
                var zone = CalendarMath.Zone(Encoding.UTF8.GetString(FunctionBinder.TextConst(name, args[1])), name);
                return name == "to_timezone"
                    ? new LongMapNode(Instant(name, args[0]), DataType.Timestamp, (long t, out long v) => CalendarMath.TryUtcToLocal(t, zone, out v))
                    : new LongMapNode(Instant(name, args[0]), DataType.Timestamp, (long t, out long v) => CalendarMath.TryLocalToUtc(t, zone, out v));
            case "strftime":
                FunctionBinder.Arity(name, args, 2);
                var strftime = Encoding.UTF8.GetString(FunctionBinder.TextConst(name, args[1]));
                CalendarMath.CheckPattern(strftime);
                return new LongToStringNode(Instant(name, args[0]), t => CalendarMath.Format(t, strftime));
            case "quarter" or "week" or "isoyear" or "dayofweek" or "isodow" or "dayofyear":
                FunctionBinder.Arity(name, args, 1);
                return new LongMapNode(Days(name, args[0]), DataType.Int64, DayPart(name));
            case "epoch_ms":
                FunctionBinder.Arity(name, args, 1);
                return new LongMapNode(Instant(name, args[0]), DataType.Int64, static (long t, out long v) =>
                {
                    v = t / 1000; // truncated toward zero before 1970, as DuckDB's epoch_ms

                    return true;
                });
            case "year" or "month" or "day":
                FunctionBinder.Arity(name, args, 1);
                var dateArg = args[0].Type.Kind == TypeKind.Timestamp ? CastNode.Create(args[0], DataType.Date) : args[0];
                FunctionBinder.Expect(name, dateArg, TypeKind.Date);
                var part = name == "year" ? 0 : name == "month" ? 1 : 2;
                return new LongMapNode(dateArg, DataType.Int64, (long d, out long v) =>
                {
                    var (y, m, dd) = Temporal.CivilFromDays((int)d);
                    v = part == 0 ? y : part == 1 ? m : dd;
                    return true;
                });
            case "hour" or "minute" or "second":
                FunctionBinder.Arity(name, args, 1);
                FunctionBinder.Expect(name, args[0], TypeKind.Timestamp);
                var (unit, modulo) = name switch
                {
                    "hour" => (3600L, 24L),
                    "minute" => (60L, 60L),
                    _ => (1L, 60L),
                };
                return new LongMapNode(args[0], DataType.Int64, (long t, out long v) =>
                {
                    var secondsOfDay = (t - (Temporal.FloorDiv(t, Temporal.MicrosPerDay) * Temporal.MicrosPerDay)) / Temporal.MicrosPerSecond;
                    v = secondsOfDay / unit % modulo;
                    return true;
                });
            case "date":
                FunctionBinder.Arity(name, args, 1);
                return CastNode.Create(args[0], DataType.Date);
            case "to_timestamp" or "to_date":
                FunctionBinder.Arity(name, args, 2);
                FunctionBinder.Expect(name, args[0], TypeKind.String);
                var pattern = new FormatPattern(Encoding.UTF8.GetString(FunctionBinder.TextConst(name, args[1])));
                if (name == "to_date")
                {
                    return new StringToValueNode<int>(args[0], DataType.Date, (ReadOnlySpan<byte> s, out int days) =>
                    {
                        var ok = pattern.TryParse(s, out var micros);
                        days = ok ? Temporal.FloorDiv(micros, Temporal.MicrosPerDay) : 0;
                        return ok;
                    });
                }

                return new StringToValueNode<long>(args[0], DataType.Timestamp, pattern.TryParse);
            default:
                throw new DataException($"Unknown function '{name}'. Known: {string.Join(", ", FunctionBinder.Names)}.");
        }
    }

    /// <summary><c>date_trunc(unit, x [, zone])</c>: a date stays a date for units of a day or more; with a zone, a timestamp (UTC) is truncated on that zone's wall clock and returned in UTC.</summary>
    private static LongMapNode Truncate(Node[] args)
    {
        const string name = "date_trunc";
        FunctionBinder.Arity(name, args, 2, 3);
        var unit = Unit(name, args[0]);
        if (args.Length == 2 && args[1].Type.Kind == TypeKind.Date && unit >= TimeUnit.Day)
        {
            return new LongMapNode(args[1], DataType.Date, (long d, out long v) =>
            {
                v = CalendarMath.TruncateDays(unit, (int)d);
                return true;
            });
        }

        var instant = Instant(name, args[1]);
        if (args.Length == 2)
        {
            return new LongMapNode(instant, DataType.Timestamp, (long t, out long v) =>
            {
                v = CalendarMath.Truncate(unit, t);
                return true;
            });
        }

        var zone = CalendarMath.Zone(Encoding.UTF8.GetString(FunctionBinder.TextConst(name, args[2])), name);
        return new LongMapNode(instant, DataType.Timestamp, (long t, out long v) =>
        {
            v = 0;
            return CalendarMath.TryUtcToLocal(t, zone, out var local) && CalendarMath.TryLocalToUtc(CalendarMath.Truncate(unit, local), zone, out v);
        });
    }

    /// <summary><c>date_add(x, n, unit)</c> and <c>date_sub</c>: a date plus days or more stays a date; results out of range are null.</summary>
    private static LongBinaryNode Add(string name, Node[] args)
    {
        FunctionBinder.Arity(name, args, 3);
        var unit = Unit(name, args[2]);
        FunctionBinder.Expect(name, args[1], TypeKind.Int64);
        var sign = name == "date_sub" ? -1L : 1L;
        if (args[0].Type.Kind == TypeKind.Date && unit >= TimeUnit.Day)
        {
            return new LongBinaryNode(args[0], args[1], DataType.Date, (long d, long n, out long v) => Try(() => CalendarMath.AddDays(unit, (int)d, n * sign), out v));
        }

        return new LongBinaryNode(Instant(name, args[0]), args[1], DataType.Timestamp, (long t, long n, out long v) => Try(() => CalendarMath.Add(unit, t, n * sign), out v));
    }

    private static bool Try(Func<long> compute, out long value)
    {
        try
        {
            value = compute();
            return true;
        }
        catch (OverflowException)
        {
            value = 0;
            return false;
        }
    }

    private static LongFunc DayPart(string name) => name switch
    {
        "quarter" => static (long d, out long v) =>
        {
            v = ((Temporal.CivilFromDays((int)d).Month - 1) / 3) + 1;
            return true;
        }
        ,
        "week" => static (long d, out long v) =>
        {
            v = CalendarMath.IsoWeek((int)d).Week;
            return true;
        }
        ,
        "isoyear" => static (long d, out long v) =>
        {
            v = CalendarMath.IsoWeek((int)d).Year;
            return true;
        }
        ,
        "dayofweek" => static (long d, out long v) =>
        {
            v = CalendarMath.IsoWeekday((int)d) % 7;
            return true;
        }
        ,
        "isodow" => static (long d, out long v) =>
        {
            v = CalendarMath.IsoWeekday((int)d);
            return true;
        }
        ,
        _ => static (long d, out long v) =>
        {
            v = d - Temporal.DaysFromCivil(Temporal.CivilFromDays((int)d).Year, 1, 1) + 1;
            return true;
        }
        ,
    };

    private static TimeUnit Unit(string name, Node arg) => CalendarMath.ParseUnit(Encoding.UTF8.GetString(FunctionBinder.TextConst(name, arg)), name);

    /// <summary>A date or timestamp operand as a timestamp.</summary>
    private static Node Instant(string name, Node arg) => arg.Type.Kind switch
    {
        TypeKind.Timestamp => arg,
        TypeKind.Date => CastNode.Create(arg, DataType.Timestamp),
        _ => throw new DataException($"{name} expects a date or timestamp, got {arg.Type}; convert text first with to_timestamp(x, '%Y-%m-%d %H:%M:%S') or cast(x as timestamp)."),
    };

    /// <summary>A date or timestamp operand as a date.</summary>
    private static Node Days(string name, Node arg) => arg.Type.Kind switch
    {
        TypeKind.Date => arg,
        TypeKind.Timestamp => CastNode.Create(arg, DataType.Date),
        _ => throw new DataException($"{name} expects a date or timestamp, got {arg.Type}."),
    };
}
