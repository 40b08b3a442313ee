using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>Null propagation: a result row is valid only when every operand row is.</summary>
internal static class ResultValidity
{
    public static ValidityMask? Combine(int length, ValidityMask? a, bool aNull, ValidityMask? b, bool bNull)
    {
        if (aNull || bNull)
        {
            return ValidityMask.Create(length, false);
        }

        return ValidityMask.And(a, b);
    }
}
