using Sluice.Data.Batches;

namespace Sluice.Data.ColumnExpressions;

/// <summary>A constant. <paramref name="Value"/> is long, double, bool, string, decimal, DateOnly, DateTime or null.</summary>
/// <param name="Value">The value (null for a typed null).</param>
/// <param name="Type">The value type.</param>
public sealed record LiteralExpr(object? Value, DataType Type) : ColumnExpr
{
    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        null => "null",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        _ => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
