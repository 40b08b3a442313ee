namespace Sluice.Tests.Expressions;

public class ExprLogicTests
{
    [Theory]
    [InlineData("null", false)]
    [InlineData("0", false)]
    [InlineData("0.0", false)]
    [InlineData("''", false)]
    [InlineData("[]", false)]
    [InlineData("{}", false)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("-0.5", true)]
    [InlineData("'false'", true)]
    [InlineData("[0]", true)]
    [InlineData("{'a': null}", true)]
    public void Truthiness_FollowsPython(string text, bool expected) =>
        Eval.Run($"bool({text})").ShouldBe(expected);

    [Theory]
    [InlineData("0 or 'x'", "x")]
    [InlineData("'a' or 'b'", "a")]
    [InlineData("'' and 'b'", "")]
    [InlineData("'a' and 'b'", "b")]
    [InlineData("null or [] or 'last'", "last")]
    public void AndOr_ReturnOperandValues(string text, object expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Fact]
    public void AndOr_ShortCircuit_DoNotEvaluateTheOtherSide()
    {
        Eval.Run("false and missing").ShouldBe(false);
        Eval.Run("true or missing").ShouldBe(true);
        Eval.Run("1 if true else 1 / 0").ShouldBe(1L);
    }

    [Fact]
    public void Not_AlwaysReturnsBool()
    {
        Eval.Run("not 'x'").ShouldBe(false);
        Eval.Run("not not []").ShouldBe(false);
    }

    [Fact]
    public void Conditional_SkippedTaskOutputIsNull_PicksTheOtherBranch()
    {
        // Seed 000's export_data: feature_engineering was skipped because enable_ml is false.
        var scope = new TestScope
        {
            ["feature_engineering"] = null,
            ["inputs"] = Eval.Map(("enable_ml", false)),
            ["detect_anomalies"] = Eval.Map(("normal_data", "normal.parquet")),
        };

        Eval.Run("feature_engineering.feature_data if inputs.enable_ml else detect_anomalies.normal_data", scope)
            .ShouldBe("normal.parquet");
    }

    [Fact]
    public void Conditional_IsRightAssociative() =>
        Eval.Run("'a' if false else 'b' if false else 'c'").ShouldBe("c");

    [Theory]
    [InlineData("1 == 1.0", true)]
    [InlineData("1 != 2", true)]
    [InlineData("'a' < 'b'", true)]
    [InlineData("[1, 2] < [1, 3]", true)]
    [InlineData("[1, 2] < [1, 2, 0]", true)]
    [InlineData("2 >= 2.0", true)]
    [InlineData("1 < 2 < 3", true)]
    [InlineData("1 < 3 < 2", false)]
    [InlineData("true == 1", false)]
    [InlineData("null == null", true)]
    [InlineData("null == 0", false)]
    [InlineData("[1, [2]] == [1.0, [2]]", true)]
    [InlineData("{'a': 1} == {'a': 1.0}", true)]
    [InlineData("{'a': 1} == {'b': 1}", false)]
    [InlineData("null is None", true)]
    [InlineData("1 is not None", true)]
    [InlineData("float('nan') < 1", false)]
    [InlineData("float('nan') == float('nan')", false)]
    public void Comparisons_FollowPython(string text, bool expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Fact]
    public void ChainedComparison_StopsAtFirstFalseLink() =>
        Eval.Run("3 < 2 < 1 / 0").ShouldBe(false);

    [Theory]
    [InlineData("'b' in ['a', 'b']", true)]
    [InlineData("2.0 in [1, 2]", true)]
    [InlineData("'c' not in ['a', 'b']", true)]
    [InlineData("'ell' in 'hello'", true)]
    [InlineData("'k' in {'k': null}", true)]
    [InlineData("'v' in {'k': 'v'}", false)]
    public void In_ChecksListsStringsAndMapKeys(string text, bool expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Theory]
    [InlineData("1 < 'a'", "'<' is not supported between 'int' and 'string'")]
    [InlineData("null > 1", "'>' is not supported between 'null' and 'int'")]
    [InlineData("1 in 'abc'", "requires a string on the left")]
    [InlineData("1 in 5", "needs a list, string or map on the right, not 'int'")]
    public void Comparison_OfIncompatibleTypes_Throws(string text, string message) =>
        Eval.Fails(text).Message.ShouldContain(message);
}
