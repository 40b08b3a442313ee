using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// Type conversions. Text that does not parse and numbers out of range become null. Narrowing numeric casts
/// (decimal to fewer decimals, float or decimal to int64) round half away from zero.
/// </summary>
internal static class CastNode
{
    public static Node Create(Node arg, DataType to)
    {
        var from = arg.Type;
        if (from == to)
        {
            return arg;
        }

        if (arg is LiteralNode { IsNull: true })
        {
            return new LiteralNode(to, null);
        }

        return (from.Kind, to.Kind) switch
        {
            (TypeKind.String, TypeKind.String) => arg,
            (TypeKind.String, TypeKind.Int64) => new StringToValueNode<long>(arg, to, Utf8Parse.TryInt64),
            (TypeKind.String, TypeKind.Decimal) => new StringToValueNode<long>(arg, to, (ReadOnlySpan<byte> s, out long v) => Utf8Parse.TryDecimal(s, to.Scale, out v)),
            (TypeKind.String, TypeKind.Float64) => new StringToValueNode<double>(arg, to, Utf8Parse.TryFloat64),
            (TypeKind.String, TypeKind.Bool) => new StringToValueNode<bool>(arg, to, Utf8Parse.TryBool),
            (TypeKind.String, TypeKind.Date) => new StringToValueNode<int>(arg, to, Utf8Parse.TryDate),
            (TypeKind.String, TypeKind.Timestamp) => new StringToValueNode<long>(arg, to, Utf8Parse.TryTimestamp),
            (_, TypeKind.String) => new ToStringNode(arg),
            (_, TypeKind.Float64) when from.IsNumeric || from.Kind == TypeKind.Bool => new DoubleMapNode(arg, static (double x, out double y) =>
            {
                y = x;
                return true;
            }),
            (TypeKind.Float64, TypeKind.Int64 or TypeKind.Decimal) => new FloatToLongNode(arg, to),
            (TypeKind.Int64 or TypeKind.Decimal or TypeKind.Bool, TypeKind.Int64 or TypeKind.Decimal) => Rescale(arg, to),
            (TypeKind.Int64, TypeKind.Bool) => new CompareNode(ColumnExpressions.BinaryOperator.NotEqual, arg, new LiteralNode(DataType.Int64, 0L)),
            (TypeKind.Date, TypeKind.Timestamp) => new LongMapNode(arg, to, static (long d, out long t) =>
            {
                t = d * Temporal.MicrosPerDay;
                return true;
            }),
            (TypeKind.Timestamp, TypeKind.Date) => new LongMapNode(arg, to, static (long t, out long d) =>
            {
                d = Temporal.FloorDiv(t, Temporal.MicrosPerDay);
                return true;
            }),
            _ => throw new DataException($"Cannot cast {from} to {to}."),
        };
    }

    private static LongMapNode Rescale(Node arg, DataType to)
    {
        var fromScale = arg.Type.Kind == TypeKind.Decimal ? arg.Type.Scale : 0;
        var toScale = to.Kind == TypeKind.Decimal ? to.Scale : 0;
        if (toScale >= fromScale)
        {
            var m = Pow10.Int64(toScale - fromScale);
            return new LongMapNode(arg, to, (long x, out long y) =>
            {
                y = x * m;
                return x == 0 || (y / m == x);
            });
        }

        var d = Pow10.Int64(fromScale - toScale);
        return new LongMapNode(arg, to, (long x, out long y) =>
        {
            y = RoundDiv(x, d);
            return true;
        });
    }

    /// <summary>x / d rounded half away from zero.</summary>
    internal static long RoundDiv(long x, long d)
    {
        var q = x / d;
        var r = x % d;
        if (Math.Abs(r) * 2 >= d)
        {
            q += x < 0 ? -1 : 1;
        }

        return q;
    }

    private sealed class FloatToLongNode(Node arg, DataType target) : Node(target)
    {
        public override Column Eval(RecordBatch batch)
        {
            using var a = DoubleArg.Of(arg, batch);
            var n = batch.RowCount;
            var scale = Type.Kind == TypeKind.Decimal ? Pow10.Int64(Type.Scale) : 1;
            var result = Buffers.Rent<long>(n);
            var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, null, false);
            for (var i = 0; i < n; i++)
            {
                var x = Math.Round((a.Array is { } xa ? xa[i] : a.Scalar) * scale, MidpointRounding.AwayFromZero);
                if (double.IsFinite(x) && x >= long.MinValue && x < long.MaxValue)
                {
                    result[i] = (long)x;
                    continue;
                }

                result[i] = 0;
                validity ??= ValidityMask.Create(n, true);
                validity.SetNull(i);
            }

            return new PrimitiveColumn<long>(Type, result, n, validity);
        }
    }

    private sealed class ToStringNode(Node arg) : Node(DataType.String)
    {
        public override Column Eval(RecordBatch batch)
        {
            using var c = arg.Eval(batch);
            var n = c.Length;
            var b = new Utf8Builder(n, n * 12);
            Span<byte> buf = stackalloc byte[Utf8Format.MaxValueLength];
            for (var i = 0; i < n; i++)
            {
                if (c.IsNull(i))
                {
                    b.AppendNull();
                }
                else
                {
                    b.Append(buf[..Utf8Format.Format(c, i, buf)]);
                }
            }

            return b.Build();
        }
    }
}
