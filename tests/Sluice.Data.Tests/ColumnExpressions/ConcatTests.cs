using Sluice.Data.ColumnExpressions;

namespace Sluice.Data.Tests.ColumnExpressions;

public sealed class ConcatTests : ExprTestBase
{
    [Fact]
    public void Concat_JoinsPlainAndDictionaryStrings_NullArgumentGivesNull()
    {
        Eval(ColumnExprs.Call("concat", Col("s"), ColumnExprs.Lit("|"), Col("c"))).ShouldBe(["  Hello | Books ", null, null, "|TOYS "]);
    }

    [Fact]
    public void Concat_ConvertsNumbersAndBooleansLikeCast()
    {
        Eval(ColumnExprs.Call("concat", Col("i"), ColumnExprs.Lit(":"), Col("m"), ColumnExprs.Lit(":"), Col("b")))
            .ShouldBe(["1:1.25:true", null, null, "4:-0.05:true"]);
    }

    [Fact]
    public void Concat_WithCoalesce_TreatsNullAsEmpty()
    {
        Eval(ColumnExprs.Call("concat", ColumnExprs.Coalesce(Col("s"), ColumnExprs.Lit("")), ColumnExprs.Lit("!"))).ShouldBe(["  Hello !", "!", "ÄbC!", "!"]);
    }

    [Fact]
    public void Plus_BetweenStrings_Joins_AndWithANumber_SaysToUseConcat()
    {
        Eval(ColumnExprs.Lit("<").Add(Col("c")).Add(ColumnExprs.Lit(">"))).ShouldBe(["< Books >", "<books>", null, "<TOYS >"]);
        var error = Should.Throw<DataException>(() => Eval(Col("s").Add(Col("i"))));
        error.Message.ShouldContain("concat");
    }
}
