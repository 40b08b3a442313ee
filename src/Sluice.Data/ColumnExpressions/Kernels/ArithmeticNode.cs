using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// + - * / // % over numbers. Int64 op Int64 stays Int64; with a Decimal the result is Decimal (scales aligned for
/// + and -, added for *); with a Float64, or for /, the result is Float64. Integer overflow raises an error.
/// </summary>
internal sealed class ArithmeticNode : Node
{
    private readonly BinaryOperator _op;
    private readonly Node _left;
    private readonly Node _right;
    private readonly long _leftMul = 1;
    private readonly long _rightMul = 1;

    public ArithmeticNode(BinaryOperator op, Node left, Node right, DataType type)
        : base(type)
    {
        _op = op;
        _left = left;
        _right = right;
        if (type.Kind == TypeKind.Decimal && op is BinaryOperator.Add or BinaryOperator.Subtract)
        {
            _leftMul = Pow10.Int64(type.Scale - Scale(left.Type));
            _rightMul = Pow10.Int64(type.Scale - Scale(right.Type));
        }
    }

    public static DataType ResultType(BinaryOperator op, DataType l, DataType r)
    {
        if (!l.IsNumeric || !r.IsNumeric)
        {
            throw new DataException($"Operator {op} needs numbers, got {l} and {r}.");
        }

        if (op is BinaryOperator.Divide or BinaryOperator.Power || l.Kind == TypeKind.Float64 || r.Kind == TypeKind.Float64)
        {
            return op is BinaryOperator.FloorDivide or BinaryOperator.Modulo && l.Kind != TypeKind.Float64 && r.Kind != TypeKind.Float64
                ? DataType.Int64
                : DataType.Float64;
        }

        if (l.Kind == TypeKind.Int64 && r.Kind == TypeKind.Int64)
        {
            return DataType.Int64;
        }

        return op switch
        {
            BinaryOperator.Multiply when Scale(l) + Scale(r) <= 18 => DataType.Decimal(Scale(l) + Scale(r)),
            BinaryOperator.Multiply => throw new DataException($"Product of {l} and {r} needs more than 18 decimals."),
            BinaryOperator.FloorDivide or BinaryOperator.Modulo => throw new DataException($"Operator {op} needs integers, got {l} and {r}."),
            _ => DataType.Decimal(Math.Max(Scale(l), Scale(r))),
        };
    }

    private static int Scale(DataType t) => t.Kind == TypeKind.Decimal ? t.Scale : 0;

    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        if (Type.Kind == TypeKind.Float64)
        {
            return EvalFloat(batch, n);
        }

        using var a = LongArg.Of(_left, batch, _leftMul);
        using var b = LongArg.Of(_right, batch, _rightMul);
        var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, b.Validity, b.ScalarNull);
        var result = Buffers.Rent<long>(n);
        var span = result.AsSpan(0, n);
        switch (_op)
        {
            case BinaryOperator.Add:
                LongKernel.Run<AddOp>(a, b, span);
                break;
            case BinaryOperator.Subtract:
                LongKernel.Run<SubtractOp>(a, b, span);
                break;
            case BinaryOperator.Multiply:
                LongKernel.Run<MultiplyOp>(a, b, span);
                break;
            default:
                validity = DivideIntegers(a, b, span, validity);
                break;
        }

        return new PrimitiveColumn<long>(Type, result, n, validity);
    }

    private ValidityMask? DivideIntegers(in LongArg a, in LongArg b, Span<long> result, ValidityMask? validity)
    {
        for (var i = 0; i < result.Length; i++)
        {
            var x = LongKernel.At(a, i);
            var y = LongKernel.At(b, i);
            if (y == 0)
            {
                validity ??= ValidityMask.Create(result.Length, true);
                validity.SetNull(i);
                result[i] = 0;
                continue;
            }

            var q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0)))
            {
                q--;
            }

            result[i] = _op == BinaryOperator.FloorDivide ? q : x - (q * y);
        }

        return validity;
    }

    private PrimitiveColumn<double> EvalFloat(RecordBatch batch, int n)
    {
        using var a = DoubleArg.Of(_left, batch);
        using var b = DoubleArg.Of(_right, batch);
        var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, b.Validity, b.ScalarNull);
        var result = Buffers.Rent<double>(n);
        for (var i = 0; i < n; i++)
        {
            var x = a.Array is { } xa ? xa[i] : a.Scalar;
            var y = b.Array is { } yb ? yb[i] : b.Scalar;
            double r;
            switch (_op)
            {
                case BinaryOperator.Add:
                    r = x + y;
                    break;
                case BinaryOperator.Subtract:
                    r = x - y;
                    break;
                case BinaryOperator.Multiply:
                    r = x * y;
                    break;
                case BinaryOperator.Power:
                    r = Math.Pow(x, y);
                    break;
                default:
                    if (y == 0)
                    {
                        validity ??= ValidityMask.Create(n, true);
                        validity.SetNull(i);
                        r = 0;
                        break;
                    }

                    r = _op switch
                    {
                        BinaryOperator.Divide => x / y,
                        BinaryOperator.FloorDivide => Math.Floor(x / y),
                        _ => x - (Math.Floor(x / y) * y),
                    };
                    break;
            }

            result[i] = r;
        }

        return new PrimitiveColumn<double>(Type, result, n, validity);
    }
}
