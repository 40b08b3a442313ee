using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// == != &lt; &lt;= &gt; &gt;= over numbers (decimals aligned exactly), dates, timestamps, bools and strings
/// (ordinal byte order). Dictionary strings compared with a literal are compared once per dictionary entry.
/// </summary>
internal sealed class CompareNode : Node
{
    private readonly BinaryOperator _op;
    private readonly Node _left;
    private readonly Node _right;
    private readonly long _leftMul = 1;
    private readonly long _rightMul = 1;
    private readonly bool _float;
    private readonly bool _string;

    public CompareNode(BinaryOperator op, Node left, Node right)
        : base(DataType.Bool)
    {
        _op = op;
        _left = left;
        _right = right;
        var l = left.Type;
        var r = right.Type;
        _string = l.Kind == TypeKind.String && r.Kind == TypeKind.String;
        _float = l.Kind == TypeKind.Float64 || r.Kind == TypeKind.Float64;
        var comparable = _string || (l.IsNumeric && r.IsNumeric) || l.Kind == r.Kind
            || (l.Kind is TypeKind.Date or TypeKind.Timestamp && r.Kind is TypeKind.Date or TypeKind.Timestamp);
        if (!comparable)
        {
            throw new DataException($"Cannot compare {l} with {r}.");
        }

        if (!_float && !_string)
        {
            var ls = UnitScale(l, r);
            var rs = UnitScale(r, l);
            _leftMul = ls;
            _rightMul = rs;
        }
    }

    /// <summary>The multiplier that brings <paramref name="t"/> to the common unit with <paramref name="other"/>.</summary>
    private static long UnitScale(DataType t, DataType other)
    {
        if (t.Kind == TypeKind.Date && other.Kind == TypeKind.Timestamp)
        {
            return Temporal.MicrosPerDay;
        }

        var s = t.Kind == TypeKind.Decimal ? t.Scale : 0;
        var o = other.Kind == TypeKind.Decimal ? other.Scale : 0;
        return o > s && t.Kind is TypeKind.Decimal or TypeKind.Int64 ? Pow10.Int64(o - s) : 1;
    }

    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        var result = Buffers.Rent<bool>(n);
        ValidityMask? validity;
        if (_string)
        {
            validity = EvalStrings(batch, result.AsSpan(0, n));
        }
        else if (_float)
        {
            using var a = DoubleArg.Of(_left, batch);
            using var b = DoubleArg.Of(_right, batch);
            validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, b.Validity, b.ScalarNull);
            for (var i = 0; i < n; i++)
            {
                var x = a.Array is { } xa ? xa[i] : a.Scalar;
                var y = b.Array is { } yb ? yb[i] : b.Scalar;
                result[i] = Test(x.CompareTo(y));
            }
        }
        else
        {
            using var a = LongArg.Of(_left, batch, _leftMul);
            using var b = LongArg.Of(_right, batch, _rightMul);
            validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, b.Validity, b.ScalarNull);
            CompareLongs(a, b, result.AsSpan(0, n));
        }

        return new PrimitiveColumn<bool>(DataType.Bool, result, n, validity);
    }

    private void CompareLongs(in LongArg a, in LongArg b, Span<bool> result)
    {
        if (a.Array is { } x && b.Array is null)
        {
            var s = b.Scalar;
            switch (_op)
            {
                case BinaryOperator.GreaterOrEqual:
                    for (var i = 0; i < result.Length; i++)
                    {
                        result[i] = x[i] >= s;
                    }

                    return;
                case BinaryOperator.Less:
                    for (var i = 0; i < result.Length; i++)
                    {
                        result[i] = x[i] < s;
                    }

                    return;
            }
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Test(LongKernel.At(a, i).CompareTo(LongKernel.At(b, i)));
        }
    }

    private ValidityMask? EvalStrings(RecordBatch batch, Span<bool> result)
    {
        var n = result.Length;
        if (_right is LiteralNode lit)
        {
            using var col = (Utf8Column)_left.Eval(batch);
            if (lit.IsNull)
            {
                return ValidityMask.Create(n, false);
            }

            if (col is DictionaryColumn dict)
            {
                var entries = dict.Dictionary;
                var perEntry = new bool[entries.Length];
                for (var e = 0; e < perEntry.Length; e++)
                {
                    perEntry[e] = Test(entries.GetBytes(e).SequenceCompareTo(lit.Utf8));
                }

                var codes = dict.Codes;
                for (var i = 0; i < n; i++)
                {
                    var c = codes[i];
                    result[i] = c >= 0 && perEntry[c];
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    result[i] = Test(col.GetBytes(i).SequenceCompareTo(lit.Utf8));
                }
            }

            return col.Validity?.Clone();
        }

        using var l = (Utf8Column)_left.Eval(batch);
        using var r = (Utf8Column)_right.Eval(batch);
        for (var i = 0; i < n; i++)
        {
            result[i] = Test(l.GetBytes(i).SequenceCompareTo(r.GetBytes(i)));
        }

        return ValidityMask.And(l.Validity, r.Validity);
    }

    private bool Test(int c) => _op switch
    {
        BinaryOperator.Equal => c == 0,
        BinaryOperator.NotEqual => c != 0,
        BinaryOperator.Less => c < 0,
        BinaryOperator.LessOrEqual => c <= 0,
        BinaryOperator.Greater => c > 0,
        _ => c >= 0,
    };
}
