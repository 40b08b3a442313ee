using Sluice.Data.Expressions;

namespace Sluice.Data.Tests.Expressions;

public sealed class ConcatTests : ExprTestBase
{
    [Fact]
    public void Concat_JoinsPlainAndDictionaryStrings_NullArgumentGivesNull()
    {
        Eval(Expr.Call("concat", Col("s"), Expr.Lit("|"), Col("c"))).ShouldBe(["  Hello | Books ", null, null, "|TOYS "]);
    }

    [Fact]
    public void Concat_ConvertsNumbersAndBooleansLikeCast()
    {
        Eval(Expr.Call("concat", Col("i"), Expr.Lit(":"), Col("m"), Expr.Lit(":"), Col("b")))
            .ShouldBe(["1:1.25:true", null, null, "4:-0.05:true"]);
    }

    [Fact]
    public void Concat_WithCoalesce_TreatsNullAsEmpty()
    {
        Eval(Expr.Call("concat", Expr.Coalesce(Col("s"), Expr.Lit("")), Expr.Lit("!"))).ShouldBe(["  Hello !", "!", "ÄbC!", "!"]);
    }

    [Fact]
    public void Plus_BetweenStrings_Joins_AndWithANumber_SaysToUseConcat()
    {
        Eval(Expr.Lit("<").Add(Col("c")).Add(Expr.Lit(">"))).ShouldBe(["< Books >", "<books>", null, "<TOYS >"]);
        var error = Should.Throw<DataException>(() => Eval(Col("s").Add(Col("i"))));
        error.Message.ShouldContain("concat");
    }
}
