using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>Date parts, date(), and strict parsing with a format (to_timestamp, to_date).</summary>
internal static class TemporalFunctions
{
    public static Node Bind(string name, Node[] args)
    {
        switch (name)
        {
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
}
