using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Tests.ColumnBinding;

public sealed class ColumnBinderTests
{
    private static readonly Schema Orders = new(
        new Field("amount", DataType.Decimal(2)), new Field("quantity", DataType.Int64), new Field("category", DataType.String), new Field("ok", DataType.Bool));

    private static readonly SourceLocation At = new("p.yaml", 7, 20);

    private static List<object?> Eval(string text, params object?[][] rows)
    {
        var cols = new Column[Orders.Count];
        for (var c = 0; c < cols.Length; c++)
        {
            cols[c] = ColumnFactory.Create(Orders[c].Type, [.. rows.Select(r => r[c])]);
        }

        using var batch = new RecordBatch(Orders, cols, rows.Length);
        using var result = ColumnBinder.Compile(Expr.ParseColumns(text, At), Orders).Evaluate(batch);
        return [.. Enumerable.Range(0, rows.Length).Select(result.GetValue)];
    }

    [Fact]
    public void Parse_ArithmeticAndCalls_TranslateToEngineExpressions()
    {
        ColumnBinder.Parse("amount * quantity", At).ToString().ShouldBe(new BinaryExpr(BinaryOperator.Multiply, new ColumnRef("amount"), new ColumnRef("quantity")).ToString());
        ColumnBinder.Parse("lower(trim(category))", At).ShouldBe(ColumnExprs.Call("lower", ColumnExprs.Call("trim", ColumnExprs.Col("category"))));
        ColumnBinder.Parse("to_timestamp(ts, '%Y')", At).ShouldBe(ColumnExprs.Call("to_timestamp", ColumnExprs.Col("ts"), ColumnExprs.Lit("%Y")));
        ColumnBinder.Parse("amount is None", At).ShouldBe(ColumnExprs.Col("amount").IsNull());
        ColumnBinder.Parse("amount != null", At).ShouldBe(ColumnExprs.Col("amount").IsNotNull());
        ColumnBinder.Parse("int(category)", At).ShouldBe(ColumnExprs.Cast(ColumnExprs.Col("category"), DataType.Int64));
    }

    [Fact]
    public void Evaluate_StringPlusAndConcat_JoinText()
    {
        var rows = new[] { new object?[] { 5m, 3L, "x", true }, new object?[] { null, 10L, null, true } };
        Eval("category + '-' + 'tail'", rows).ShouldBe(["x-tail", null]);
        Eval("concat(category, ':', quantity, ':', amount)", rows).ShouldBe(["x:3:5.00", null]);
        Eval("concat(coalesce(category, '?'), quantity)", rows).ShouldBe(["x3", "?10"]);
    }

    [Fact]
    public void Evaluate_AndOrNot_FollowSqlThreeValuedLogic()
    {
        // amount < 0 is null when amount is null: 'or' with true is true, with false is null; 'not null' is null.
        var rows = new[] { new object?[] { null, 1L, "a", true }, new object?[] { null, 1L, "a", false }, new object?[] { -1.5m, 1L, "a", false } };
        Eval("amount < 0 or ok", rows).ShouldBe([true, null, true]);
        Eval("amount < 0 and ok", rows).ShouldBe([null, false, false]);
        Eval("not (amount < 0)", rows).ShouldBe([null, null, false]);
    }

    [Fact]
    public void Evaluate_ConditionalChainsAndIn_Work()
    {
        var rows = new[] { new object?[] { 5m, 3L, "x", true }, new object?[] { 50m, 30L, "y", true }, new object?[] { null, 10L, "z", true } };
        Eval("quantity * 2 if quantity < 10 else 0", rows).ShouldBe([6L, 0L, 0L]);
        Eval("1 <= quantity < 20", rows).ShouldBe([true, false, true]);
        Eval("category in ['x', 'z']", rows).ShouldBe([true, false, true]);
        Eval("amount if amount is not None else None", rows).ShouldBe([5.00m, 50.00m, null]);
        Eval("quantity // 4 + quantity % 4", rows).ShouldBe([3L, 9L, 4L]);
    }

    [Fact]
    public void Parse_UnknownColumn_ReportsLocationAndSuggestion()
    {
        var ex = Should.Throw<ExpressionException>(() => ColumnBinder.Parse("amount * quantty", At, Orders));
        ex.Location.ShouldBe(new SourceLocation("p.yaml", 7, 29));
        ex.Message.ShouldContain("unknown column 'quantty'");
        ex.Message.ShouldContain("did you mean 'quantity'?");
    }

    [Fact]
    public void Parse_UnknownFunction_SuggestsTheEngineFunction()
    {
        var ex = Should.Throw<ExpressionException>(() => ColumnBinder.Parse("lowr(category)", At));
        ex.Location.ShouldBe(At);
        ex.Message.ShouldContain("unknown column function 'lowr'");
        ex.Message.ShouldContain("did you mean 'lower'?");
    }

    [Fact]
    public void Parse_WrongArity_NamesTheFunction()
    {
        var ex = Should.Throw<ExpressionException>(() => ColumnBinder.Parse("category + substr(category)", At));
        ex.Message.ShouldContain("substr() takes 2 or 3 arguments, got 1");
        ex.Location.Column.ShouldBe(31);
    }

    [Fact]
    public void Parse_TypeError_PointsAtTheSmallestOffendingPart()
    {
        var ex = Should.Throw<ExpressionException>(() => ColumnBinder.Parse("quantity > 1 and lower(quantity) == 'a'", At, Orders));
        ex.Location.Column.ShouldBe(20 + 17);
        ex.Message.ShouldContain("lower");
    }

    [Fact]
    public void ParseColumns_KeepsUnknownCallsByName_ButTemplatesStillRejectThem()
    {
        Expr.ParseColumns("regex_match(category, '^a')", At).IsColumnExpression.ShouldBeTrue();
        Should.Throw<ExpressionException>(() => Expr.Parse("regex_match(category, '^a')", At)).Message.ShouldContain("unknown function 'regex_match'");
    }
}
