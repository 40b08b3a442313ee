using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class ExprAccessTests
{
    private static TestScope Scope() => new()
    {
        ["inputs"] = Eval.Map(("sources", new List<string> { "a.csv", "b.csv", "c.csv" }), ("mode", "batch")),
        ["nums"] = new[] { 10, 20, 30, 40 },
        ["skipped"] = null,
        ["dataset"] = new FakeDataset(),
    };

    [Theory]
    [InlineData("inputs.mode", "batch")]
    [InlineData("inputs['mode']", "batch")]
    [InlineData("inputs.sources[0]", "a.csv")]
    [InlineData("inputs.sources[-1]", "c.csv")]
    [InlineData("'hello'[1]", "e")]
    [InlineData("'hello'[-1]", "o")]
    [InlineData("{'a': {'b': 'deep'}}.a.b", "deep")]
    public void MemberAndIndex_ReadValues(string text, object expected) =>
        Eval.Run(text, Scope()).ShouldBe(expected);

    [Fact]
    public void Index_IntArrayInput_IsNormalisedToLong() =>
        Eval.Run("nums[1]", Scope()).ShouldBe(20L);

    [Theory]
    [InlineData("inputs.missing")]
    [InlineData("inputs['missing']")]
    [InlineData("skipped.output")]
    [InlineData("skipped.output.deeper")]
    [InlineData("skipped[0]")]
    [InlineData("skipped[1:2]")]
    public void MissingKeyOrNullTarget_GivesNull(string text) =>
        Eval.Run(text, Scope()).ShouldBeNull();

    [Fact]
    public void Index_OutOfRange_ThrowsWithLength() =>
        Eval.Fails("inputs.sources[3]", Scope()).Message.ShouldContain("index 3 is out of range (length 3)");

    [Theory]
    [InlineData("inputs.mode.x", "cannot read member 'x' of a 'string'")]
    [InlineData("inputs.sources['a']", "list indexes must be integers, not 'string'")]
    [InlineData("inputs[0]", "map keys are strings, not 'int'")]
    [InlineData("(1)[0]", "a 'int' cannot be indexed")]
    [InlineData("unknown_task.output", "unknown name 'unknown_task'")]
    [InlineData("dataset.nope", "'FakeDataset' has no member 'nope'")]
    public void BadAccess_Throws(string text, string message) =>
        Eval.Fails(text, Scope()).Message.ShouldContain(message);

    [Fact]
    public void ExpressionObject_MembersAreReadable()
    {
        Eval.Run("dataset.rows", Scope()).ShouldBe(42L);
        Eval.Run("dataset['path']", Scope()).ShouldBe("out/data.parquet");
        Eval.Run("'rows' in dataset", Scope()).ShouldBe(true);
    }

    [Theory]
    [InlineData("nums[1:3]", new long[] { 20, 30 })]
    [InlineData("nums[:2]", new long[] { 10, 20 })]
    [InlineData("nums[2:]", new long[] { 30, 40 })]
    [InlineData("nums[-2:]", new long[] { 30, 40 })]
    [InlineData("nums[::2]", new long[] { 10, 30 })]
    [InlineData("nums[::-1]", new long[] { 40, 30, 20, 10 })]
    [InlineData("nums[3:0:-2]", new long[] { 40, 20 })]
    [InlineData("nums[10:20]", new long[0])]
    [InlineData("nums[:]", new long[] { 10, 20, 30, 40 })]
    public void Slice_List_FollowsPython(string text, long[] expected) =>
        ((IReadOnlyList<object?>)Eval.Run(text, Scope())!).ShouldBe(expected.Cast<object?>());

    [Theory]
    [InlineData("'hello'[1:3]", "el")]
    [InlineData("'hello'[::-1]", "olleh")]
    [InlineData("'hello'[-3:]", "llo")]
    public void Slice_String_FollowsPython(string text, string expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Fact]
    public void Slice_ZeroStep_Throws() =>
        Eval.Fails("[1, 2][::0]").Message.ShouldContain("slice step cannot be zero");

    [Fact]
    public void MapLiteral_WithNonStringKey_Throws() =>
        Eval.Fails("{1: 2}").Message.ShouldContain("map keys must be strings");

    [Fact]
    public void Literals_HaveCanonicalTypes()
    {
        Eval.Run("42").ShouldBeOfType<long>();
        Eval.Run("1_000").ShouldBe(1000L);
        Eval.Run("1.5e3").ShouldBe(1500.0);
        Eval.Run("2e-1").ShouldBe(0.2);
        Eval.Run("None").ShouldBeNull();
        Eval.Run("True").ShouldBe(true);
        Eval.Run("'it\\'s\\n'").ShouldBe("it's\n");
        Eval.Run("\"tab\\there \\u00e9\\x41\"").ShouldBe("tab\there éA");
        Eval.Run("'C:\\data'").ShouldBe("C:\\data");
        Eval.Run("[1, 'a', [],]").ShouldBe(new object?[] { 1L, "a", Array.Empty<object?>() });
        Eval.Run("{'a': 1, \"b\": [2]}").ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!["b"].ShouldBe(new object?[] { 2L });
    }

    private sealed class FakeDataset : IExpressionObject
    {
        public bool TryGetMember(string name, out object? value)
        {
            value = name switch
            {
                "rows" => 42,
                "path" => "out/data.parquet",
                _ => null,
            };
            return value is not null;
        }
    }
}
