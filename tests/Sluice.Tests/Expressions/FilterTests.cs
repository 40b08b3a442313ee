namespace Sluice.Tests.Expressions;

public class FilterTests
{
    private static TestScope Scope() => new()
    {
        ["name"] = "  Orders ",
        ["items"] = new object?[] { 3L, 1L, 2L, 3L, 1.0 },
        ["missing"] = null,
    };

    [Theory]
    [InlineData("name | trim | lower", "orders")]
    [InlineData("name | trim | upper | replace('ORD', 'b')", "bERS")]
    [InlineData("missing | default('fallback')", "fallback")]
    [InlineData("items | length", 5L)]
    [InlineData("items | first", 3L)]
    [InlineData("items | last", 1.0)]
    [InlineData("[] | first", null)]
    [InlineData("'abc' | reverse", "cba")]
    [InlineData("items | tojson", "[3,1,2,3,1.0]")]
    [InlineData("'12' | int", 12L)]
    [InlineData("'1.5' | float", 1.5)]
    [InlineData("12 | string", "12")]
    [InlineData("['a', 'b'] | join('-')", "a-b")]
    [InlineData("items | length > 3", true)]
    [InlineData("1 + items | length", 6L)]
    [InlineData("-2 | abs", 2L)]
    [InlineData("'{}!' | format('hi')", "hi!")]
    public void Filter_AppliesToTheValueOnItsLeft(string text, object? expected) =>
        Eval.Run(text, Scope()).ShouldBe(expected);

    [Fact]
    public void Sort_IsStableAndOrdersNumbersTogether()
    {
        Eval.Run("items | sort", Scope()).ShouldBe(new object?[] { 1L, 1.0, 2L, 3L, 3L });
        Eval.Run("items | sort(true)", Scope()).ShouldBe(new object?[] { 3L, 3L, 2L, 1L, 1.0 });
        Eval.Run("['b', 'a', 'c'] | sort").ShouldBe(new object?[] { "a", "b", "c" });
    }

    [Fact]
    public void Sort_MixedTypes_Throws() =>
        Eval.Fails("[1, 'a'] | sort").Message.ShouldContain("sort() cannot compare 'string' with 'int'");

    [Fact]
    public void Unique_KeepsFirstOccurrence_AndTreatsOneAndOnePointZeroAsEqual() =>
        Eval.Run("items | unique", Scope()).ShouldBe(new object?[] { 3L, 1L, 2L });

    [Fact]
    public void Reverse_List_ReturnsReversedCopy() =>
        Eval.Run("[1, 2, 3] | reverse").ShouldBe(new object?[] { 3L, 2L, 1L });

    [Fact]
    public void FilterName_Missing_IsSyntaxError() =>
        Eval.SyntaxError("x | 3").Message.ShouldBe("expected a filter name after '|', found '3'");
}
