using Sluice.Data.Batches;

namespace Sluice.Data.ColumnExpressions;

/// <summary>A conversion to another type. Text that does not parse becomes null (like SQL TRY_CAST).</summary>
/// <param name="Operand">The value to convert.</param>
/// <param name="Type">The target type.</param>
public sealed record CastExpr(ColumnExpr Operand, DataType Type) : ColumnExpr
{
    /// <inheritdoc />
    public override string ToString() => $"cast({Operand} as {Type})";
}
