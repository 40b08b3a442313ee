namespace Sluice.Data.ColumnExpressions;

/// <summary>A reference to a column of the input batch by name.</summary>
/// <param name="Name">The column name.</param>
public sealed record ColumnRef(string Name) : ColumnExpr
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
