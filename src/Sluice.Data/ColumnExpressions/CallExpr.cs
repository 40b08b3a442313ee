namespace Sluice.Data.ColumnExpressions;

/// <summary>A call of a built-in function (see <see cref="ExprCompiler.Functions"/>).</summary>
/// <param name="Function">The function name, lower case.</param>
/// <param name="Arguments">The arguments.</param>
public sealed record CallExpr(string Function, IReadOnlyList<ColumnExpr> Arguments) : ColumnExpr
{
    /// <inheritdoc />
    public bool Equals(CallExpr? other) =>
        other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Function, Arguments.Count);

    /// <inheritdoc />
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
}
