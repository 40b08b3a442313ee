using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Expressions;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Replaces nulls in one column. A constant streams; mean, median and mode need every value first, so the operator
/// buffers its input (compact typed columns), computes the statistic exactly, then streams the filled batches.
/// </summary>
/// <param name="column">The column to fill.</param>
/// <param name="strategy">What to fill with.</param>
public sealed class FillMissingOperator(string column, FillStrategy strategy) : StreamOperator
{
    /// <summary>The column.</summary>
    public string Column { get; } = column;

    /// <summary>The strategy.</summary>
    public FillStrategy Strategy { get; } = strategy;

    /// <summary>The value used by the last execution (null until it ran, or when there was nothing to compute from).</summary>
    public object? LastFillValue { get; private set; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = input.Require(Column);
        var type = input[index].Type;
        if (Strategy.Kind is FillKind.Mean or FillKind.Median && !type.IsNumeric && type.Kind is not (TypeKind.Date or TypeKind.Timestamp))
        {
            throw new DataException($"Cannot fill '{Column}' ({type}) with the {Strategy.Kind.ToString().ToLowerInvariant()}.");
        }

        return new Bound(this, input, index);
    }

    private sealed class Bound(FillMissingOperator op, Schema schema, int index) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var field = schema[index];
            if (op.Strategy.Kind == FillKind.Constant)
            {
                op.LastFillValue = op.Strategy.Value;
                var fill = Filler(op.Strategy.Value);
                await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return Fill(b, fill);
                }

                yield break;
            }

            var batches = await StreamHelpers.BufferAsync(input, cancellationToken).ConfigureAwait(false);
            var value = Compute(batches, field.Type);
            op.LastFillValue = value;
            var filler = value is null ? null : Filler(value);
            for (var i = 0; i < batches.Count; i++)
            {
                var b = batches[i];
                batches[i] = null!;
                yield return filler is null ? b : Fill(b, filler);
            }
        }

        private CompiledExpr Filler(object? value)
        {
            var type = schema[index].Type;
            return ExprCompiler.Compile(Expr.Coalesce(Expr.Col(schema[index].Name), new LiteralExpr(value, type)), schema);
        }

        private RecordBatch Fill(RecordBatch b, CompiledExpr filler)
        {
            using (b)
            {
                if (b.Column(index).Validity is null)
                {
                    return StreamHelpers.Replace(b, index, schema[index], b.Column(index).Retain());
                }

                return StreamHelpers.Replace(b, index, schema[index], filler.Evaluate(b));
            }
        }

        private object? Compute(List<RecordBatch> batches, DataType type)
        {
            if (op.Strategy.Kind == FillKind.Mode)
            {
                return Mode(batches, type);
            }

            if (type.Kind == TypeKind.Float64)
            {
                return FloatStatistic(batches);
            }

            var count = batches.Sum(b => b.RowCount - b.Column(index).NullCount);
            if (count == 0)
            {
                return null;
            }

            var values = Buffers.Rent<long>(count);
            try
            {
                var at = 0;
                Int128 sum = 0;
                foreach (var b in batches)
                {
                    var c = b.Column(index);
                    for (var i = 0; i < c.Length; i++)
                    {
                        if (!c.IsNull(i))
                        {
                            var v = c is PrimitiveColumn<int> d ? d.Values[i] : ((PrimitiveColumn<long>)c).Values[i];
                            values[at++] = v;
                            sum += v;
                        }
                    }
                }

                long result;
                if (op.Strategy.Kind == FillKind.Mean)
                {
                    result = (long)RoundedDiv(sum, count);
                }
                else
                {
                    var (a, m) = Selection.Middle(values.AsSpan(0, count));
                    result = Selection.MedianOf(a, m, op.Strategy.Rounding);
                }

                return ToValue(type, result);
            }
            finally
            {
                Buffers.Return(values);
            }
        }

        private double? FloatStatistic(List<RecordBatch> batches)
        {
            var values = new List<double>();
            foreach (var b in batches)
            {
                var c = (PrimitiveColumn<double>)b.Column(index);
                for (var i = 0; i < c.Length; i++)
                {
                    if (!c.IsNull(i))
                    {
                        values.Add(c.Values[i]);
                    }
                }
            }

            if (values.Count == 0)
            {
                return null;
            }

            if (op.Strategy.Kind == FillKind.Mean)
            {
                return values.Average();
            }

            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
            var (a, m) = Selection.Middle(span);
            return (a + m) / 2;
        }

        private object? Mode(List<RecordBatch> batches, DataType type)
        {
            var mapper = new KeyMapper(schema, [schema[index].Name]);
            var counts = new List<long>();
            foreach (var b in batches)
            {
                var ids = new int[b.RowCount];
                mapper.GetOrAdd(b, ids);
                var c = b.Column(index);
                for (var i = 0; i < ids.Length; i++)
                {
                    while (counts.Count <= ids[i])
                    {
                        counts.Add(0);
                    }

                    counts[ids[i]] += c.IsNull(i) ? 0 : 1;
                }
            }

            using var keys = mapper.DecodeKeys()[0];
            var best = -1;
            for (var id = 0; id < counts.Count; id++)
            {
                if (counts[id] > 0 && (best < 0 || counts[id] > counts[best] || (counts[id] == counts[best] && ValueComparer.Compare(keys, id, keys, best) < 0)))
                {
                    best = id;
                }
            }

            return best < 0 ? null : keys.GetValue(best);
        }

        /// <summary>Rounds sum / count half away from zero.</summary>
        private static Int128 RoundedDiv(Int128 sum, long count)
        {
            var q = Int128.DivRem(Int128.Abs(sum) * 2 + count, (Int128)count * 2).Quotient;
            return sum < 0 ? -q : q;
        }

        private static object ToValue(DataType type, long v) => type.Kind switch
        {
            TypeKind.Decimal => new decimal(v) / Pow10.Decimal(type.Scale),
            TypeKind.Date => DateOnly.FromDayNumber(Temporal.EpochDayNumber + (int)v),
            TypeKind.Timestamp => Temporal.ToDateTime(v),
            _ => v,
        };
    }
}
