namespace Sluice.Data.ColumnExpressions;

/// <summary>
/// An expression over the columns of a batch: column references, literals, operators, function calls and casts.
/// Immutable; build it with <see cref="ColumnExprs"/> and the fluent methods below, compile it with <see cref="ExprCompiler"/>.
/// Null semantics follow SQL: operators and functions on null give null (except is_null, coalesce and the
/// three-valued and/or).
/// </summary>
public abstract record ColumnExpr
{
    /// <summary><c>this + other</c>.</summary>
    public ColumnExpr Add(ColumnExpr other) => new BinaryExpr(BinaryOperator.Add, this, other);

    /// <summary><c>this - other</c>.</summary>
    public ColumnExpr Subtract(ColumnExpr other) => new BinaryExpr(BinaryOperator.Subtract, this, other);

    /// <summary><c>this * other</c>.</summary>
    public ColumnExpr Multiply(ColumnExpr other) => new BinaryExpr(BinaryOperator.Multiply, this, other);

    /// <summary><c>this / other</c> (float64; null when dividing by zero).</summary>
    public ColumnExpr Divide(ColumnExpr other) => new BinaryExpr(BinaryOperator.Divide, this, other);

    /// <summary>A binary operation with this expression on the left.</summary>
    public ColumnExpr Binary(BinaryOperator op, ColumnExpr other) => new BinaryExpr(op, this, other);

    /// <summary><c>this == other</c>.</summary>
    public ColumnExpr Eq(ColumnExpr other) => new BinaryExpr(BinaryOperator.Equal, this, other);

    /// <summary><c>this != other</c>.</summary>
    public ColumnExpr Ne(ColumnExpr other) => new BinaryExpr(BinaryOperator.NotEqual, this, other);

    /// <summary><c>this &lt; other</c>.</summary>
    public ColumnExpr Lt(ColumnExpr other) => new BinaryExpr(BinaryOperator.Less, this, other);

    /// <summary><c>this &lt;= other</c>.</summary>
    public ColumnExpr Le(ColumnExpr other) => new BinaryExpr(BinaryOperator.LessOrEqual, this, other);

    /// <summary><c>this &gt; other</c>.</summary>
    public ColumnExpr Gt(ColumnExpr other) => new BinaryExpr(BinaryOperator.Greater, this, other);

    /// <summary><c>this &gt;= other</c>.</summary>
    public ColumnExpr Ge(ColumnExpr other) => new BinaryExpr(BinaryOperator.GreaterOrEqual, this, other);

    /// <summary><c>this and other</c> (three-valued).</summary>
    public ColumnExpr And(ColumnExpr other) => new BinaryExpr(BinaryOperator.And, this, other);

    /// <summary><c>this or other</c> (three-valued).</summary>
    public ColumnExpr Or(ColumnExpr other) => new BinaryExpr(BinaryOperator.Or, this, other);

    /// <summary><c>not this</c>.</summary>
    public ColumnExpr Not() => new UnaryExpr(UnaryOperator.Not, this);

    /// <summary><c>is_null(this)</c>.</summary>
    public ColumnExpr IsNull() => new CallExpr("is_null", [this]);

    /// <summary><c>is_not_null(this)</c>.</summary>
    public ColumnExpr IsNotNull() => new CallExpr("is_not_null", [this]);

    /// <summary><c>cast(this as type)</c>.</summary>
    public ColumnExpr Cast(Batches.DataType type) => new CastExpr(this, type);

    /// <summary>A call with this expression as the first argument: <c>name(this, args…)</c>.</summary>
    public ColumnExpr Call(string name, params ColumnExpr[] args) => new CallExpr(name, [this, .. args]);
}
