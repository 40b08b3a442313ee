using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class ExprSyntaxTests
{
    [Theory]
    [InlineData("1 +", 3, "expected a value, found the end of the expression")]
    [InlineData("(1 + 2", 6, "expected ')', found the end of the expression")]
    [InlineData("[1, 2", 5, "expected ',' or ']', found the end of the expression")]
    [InlineData("{'a' 1}", 5, "expected ':' after a map key, found '1'")]
    [InlineData("a b", 2, "expected the end of the expression, found 'b'")]
    [InlineData("x = 1", 2, "unexpected character '='")]
    [InlineData("a && b", 2, "unexpected character '&'")]
    [InlineData("'abc", 0, "unterminated string")]
    [InlineData("1 if x", 6, "expected 'else' (a conditional is written 'x if condition else y'), found the end of the expression")]
    [InlineData("12abc", 2, "unexpected 'a' after a number")]
    [InlineData("99999999999999999999", 0, "integer '99999999999999999999' is too large")]
    [InlineData("'\\xZZ'", 1, "invalid escape '\\xZZ'")]
    [InlineData("a.", 2, "expected a member name after '.', found the end of the expression")]
    [InlineData("", 0, "expected an expression, found nothing")]
    [InlineData("   ", 0, "expected an expression, found nothing")]
    public void SyntaxError_PointsAtOffendingCharacter(string text, int offset, string message)
    {
        var error = Eval.SyntaxError(text);
        error.Message.ShouldBe(message);
        error.Location.ShouldBe(Eval.Origin with { Column = Eval.Origin.Column + offset });
    }

    [Theory]
    [InlineData("x = 1", "use '==' to compare")]
    [InlineData("a && b", "use 'and'")]
    [InlineData("a || b", "use 'or'")]
    [InlineData("!a", "use 'not' to negate")]
    public void SyntaxError_ForOtherLanguagesOperators_GivesHint(string text, string hint) =>
        Eval.SyntaxError(text).Hint.ShouldBe(hint);

    [Fact]
    public void Parse_Invalid_ThrowsExpressionExceptionWithDiagnostic()
    {
        var ex = Should.Throw<ExpressionException>(() => Expr.Parse("1 +", Eval.Origin));
        ex.Message.ShouldBe("pipeline.yaml:7:15: expected a value, found the end of the expression");
        ex.Reason.ShouldBe("expected a value, found the end of the expression");
        ex.Location.ShouldBe(Eval.Origin with { Column = 15 });
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void Parse_Valid_KeepsTextAndIsReusable()
    {
        var expr = Expr.Parse("x * 2", Eval.Origin);
        expr.Text.ShouldBe("x * 2");
        expr.Evaluate(new TestScope { ["x"] = 2 }).ShouldBe(4L);
        expr.Evaluate(new TestScope { ["x"] = 2.5m }).ShouldBe(5.0);
    }

    [Fact]
    public void KeywordsAsMemberNames_AreAllowed() =>
        Eval.Run("m.if", new TestScope { ["m"] = Eval.Map(("if", 1)) }).ShouldBe(1L);

    [Fact]
    public void UnknownName_IsAnEvaluationErrorWithLocation()
    {
        var ex = Eval.Fails("1 + missing");
        ex.Message.ShouldBe("pipeline.yaml:7:16: unknown name 'missing'");
    }

    [Fact]
    public void Parse_MultiLineText_LocatesErrorsByLine()
    {
        Expr.TryParse("a +\n  (b *\n  )", new SourceLocation("f.yaml", 2, 5), out _, out var error).ShouldBeFalse();
        error!.Location.ShouldBe(new SourceLocation("f.yaml", 4, 3));
    }
}
