namespace Sluice.Tests.Expressions;

public class ExprArithmeticTests
{
    [Theory]
    [InlineData("1 + 2 * 3", 7L)]
    [InlineData("(1 + 2) * 3", 9L)]
    [InlineData("2 ** 3 ** 2", 512L)]
    [InlineData("-2 ** 2", -4L)]
    [InlineData("2 ** -1", 0.5)]
    [InlineData("10 - 4 - 3", 3L)]
    [InlineData("2 * 3 % 4", 2L)]
    [InlineData("1 + 2 == 3", true)]
    [InlineData("not 1 + 1 == 3", true)]
    [InlineData("1 < 2 and 2 < 1 or true", true)]
    [InlineData("1 if false else 2 + 3", 5L)]
    [InlineData("- - 3", 3L)]
    [InlineData("+4", 4L)]
    public void Evaluate_Precedence_FollowsPython(string text, object expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Theory]
    [InlineData("7 // 2", 3L)]
    [InlineData("-7 // 2", -4L)]
    [InlineData("7 // -2", -4L)]
    [InlineData("-7 // -2", 3L)]
    [InlineData("7 % 3", 1L)]
    [InlineData("-7 % 3", 2L)]
    [InlineData("7 % -3", -2L)]
    [InlineData("-7 % -3", -1L)]
    [InlineData("7.5 // 2", 3.0)]
    [InlineData("-7.5 // 2", -4.0)]
    [InlineData("-7.5 % 2", 0.5)]
    [InlineData("7.5 % -2", -0.5)]
    public void FloorDivisionAndModulo_NegativeOperands_FollowPython(string text, object expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Theory]
    [InlineData("7 / 2", 3.5)]
    [InlineData("6 / 3", 2.0)]
    [InlineData("1 + 0.5", 1.5)]
    [InlineData("2 * 1.5", 3.0)]
    [InlineData("2.0 ** 2", 4.0)]
    public void Division_OfIntegers_IsTrueDivision(string text, double expected)
    {
        var result = Eval.Run(text);
        result.ShouldBeOfType<double>();
        result.ShouldBe(expected);
    }

    [Theory]
    [InlineData("'ab' + 'cd'", "abcd")]
    [InlineData("'ab' * 3", "ababab")]
    [InlineData("2 * 'x'", "xx")]
    [InlineData("'x' * -1", "")]
    public void Plus_OnStrings_Concatenates(string text, string expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Fact]
    public void Plus_OnLists_Concatenates() =>
        Eval.Run("[1, 2] + [3]").ShouldBe(new object?[] { 1L, 2L, 3L });

    [Fact]
    public void Times_OnList_Repeats() =>
        Eval.Run("[1, 'a'] * 2").ShouldBe(new object?[] { 1L, "a", 1L, "a" });

    [Theory]
    [InlineData("9223372036854775807 + 1", "'+'")]
    [InlineData("-9223372036854775807 - 2", "'-'")]
    [InlineData("4611686018427387904 * 2", "'*'")]
    [InlineData("2 ** 63", "'**'")]
    [InlineData("(-9223372036854775807 - 1) // -1", "'//'")]
    public void IntegerOverflow_Throws_NotWraps(string text, string op) =>
        Eval.Fails(text).Message.ShouldContain($"integer overflow in {op}");

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("1 // 0")]
    [InlineData("1 % 0")]
    [InlineData("1.0 / 0")]
    [InlineData("1.5 % 0.0")]
    public void DivisionByZero_Throws(string text) =>
        Eval.Fails(text).Message.ShouldContain("division by zero");

    [Theory]
    [InlineData("1 + 'a'", "unsupported operand types for '+': 'int' and 'string'")]
    [InlineData("null * 2", "unsupported operand types for '*': 'null' and 'int'")]
    [InlineData("[1] - [1]", "unsupported operand types for '-': 'list' and 'list'")]
    [InlineData("true + 1", "unsupported operand types for '+': 'bool' and 'int'")]
    [InlineData("-'a'", "bad operand type for unary '-': 'string'")]
    public void TypeError_NamesOperatorAndBothTypes(string text, string message) =>
        Eval.Fails(text).Message.ShouldContain(message);

    [Fact]
    public void TypeError_PointsAtTheOperator()
    {
        // origin is line 7, column 12; the '+' is the 3rd character.
        var error = Eval.Fails("1 + 'a'");
        error.Location.ShouldBe(Eval.Origin with { Column = 14 });
        error.Message.ShouldStartWith("pipeline.yaml:7:14: ");
    }

    [Fact]
    public void Power_NegativeBaseFractionalExponent_Throws() =>
        Eval.Fails("(-8) ** 0.5").Message.ShouldContain("not a real number");

    [Fact]
    public void Arithmetic_OnNull_IsAnError_NotNullPropagation()
    {
        var scope = new TestScope { ["skipped"] = null };
        Eval.Fails("skipped.count + 1", scope).Message.ShouldContain("'null' and 'int'");
    }
}
