namespace Sluice.Tests.Expressions;

public class FunctionTests
{
    [Theory]
    [InlineData("len('abc')", 3L)]
    [InlineData("len([1, 2])", 2L)]
    [InlineData("len({'a': 1})", 1L)]
    [InlineData("str(1.0)", "1.0")]
    [InlineData("str(null)", "")]
    [InlineData("str(true)", "true")]
    [InlineData("str([1, 'a'])", "[1,\"a\"]")]
    [InlineData("int('42')", 42L)]
    [InlineData("int(' -7 ')", -7L)]
    [InlineData("int(3.9)", 3L)]
    [InlineData("int(-3.9)", -3L)]
    [InlineData("int(true)", 1L)]
    [InlineData("float('2.5')", 2.5)]
    [InlineData("float(2)", 2.0)]
    [InlineData("bool('')", false)]
    [InlineData("abs(-3)", 3L)]
    [InlineData("abs(-2.5)", 2.5)]
    [InlineData("min(3, 1, 2)", 1L)]
    [InlineData("max([3, 1.5, 2])", 3L)]
    [InlineData("min(['b', 'a'])", "a")]
    [InlineData("sum([1, 2, 3])", 6L)]
    [InlineData("sum([1, 2.5])", 3.5)]
    [InlineData("sum([[1], [2]], [])", new object[] { 1L, 2L })]
    [InlineData("lower('AbC')", "abc")]
    [InlineData("upper('AbC')", "ABC")]
    [InlineData("trim('  x  ')", "x")]
    [InlineData("strip('--x--', '-')", "x")]
    [InlineData("replace('a-b-c', '-', '+')", "a+b+c")]
    [InlineData("join(['a', 1, true], ',')", "a,1,true")]
    [InlineData("join(['a', 'b'])", "ab")]
    [InlineData("startswith('s3://bucket', 's3://')", true)]
    [InlineData("startswith('gs://b', ['s3://', 'gs://'])", true)]
    [InlineData("endswith('data.csv', '.json')", false)]
    [InlineData("contains('hello', 'll')", true)]
    [InlineData("contains([1, 2], 3)", false)]
    [InlineData("contains({'k': 1}, 'k')", true)]
    [InlineData("default(null, 'x')", "x")]
    [InlineData("default(0, 'x')", 0L)]
    [InlineData("default(0, 'x', true)", "x")]
    [InlineData("coalesce(null, null, 3, 4)", 3L)]
    [InlineData("format('{}-{}', 'a', 1)", "a-1")]
    [InlineData("format('{1}{0}{{}}', 'a', 'b')", "ba{}")]
    [InlineData("json({'a': [1, 2.0, null, 'é']})", "{\"a\":[1,2.0,null,\"é\"]}")]
    [InlineData("from_json('{\"n\": 1, \"f\": 1.5}').f", 1.5)]
    [InlineData("from_json('[1, 2]')[1]", 2L)]
    public void Function_ComputesPythonLikeResult(string text, object expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Theory]
    [InlineData("round(2.5)", 2L)]
    [InlineData("round(3.5)", 4L)]
    [InlineData("round(-2.5)", -2L)]
    [InlineData("round(7)", 7L)]
    [InlineData("round(250, -2)", 200L)]
    [InlineData("round(350, -2)", 400L)]
    [InlineData("round(-251, -2)", -300L)]
    public void Round_ToInteger_HalvesGoToEven(string text, long expected) =>
        Eval.Run(text).ShouldBe(expected);

    [Theory]
    [InlineData("round(0.125, 2)", 0.12)]
    [InlineData("round(0.375, 2)", 0.38)]
    [InlineData("round(1234.5, -2)", 1200.0)]
    [InlineData("round(1.23456, 3)", 1.235)]
    public void Round_WithDigits_KeepsFloat(string text, double expected)
    {
        var result = Eval.Run(text);
        result.ShouldBeOfType<double>();
        ((double)result!).ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Split_WithoutSeparator_SplitsOnWhitespaceRuns()
    {
        Eval.Run("split('  a  b\tc ')").ShouldBe(new object?[] { "a", "b", "c" });
        Eval.Run("split('a,,b', ',')").ShouldBe(new object?[] { "a", "", "b" });
    }

    [Fact]
    public void Range_MatchesPython()
    {
        Eval.Run("range(3)").ShouldBe(new object?[] { 0L, 1L, 2L });
        Eval.Run("range(2, 5)").ShouldBe(new object?[] { 2L, 3L, 4L });
        Eval.Run("range(10, 0, -4)").ShouldBe(new object?[] { 10L, 6L, 2L });
        Eval.Run("range(5, 2)").ShouldBe(Array.Empty<object?>());
    }

    [Fact]
    public void KeysValuesItems_FollowInsertionOrder()
    {
        Eval.Run("keys({'b': 1, 'a': 2})").ShouldBe(new object?[] { "b", "a" });
        Eval.Run("values({'b': 1, 'a': 2})").ShouldBe(new object?[] { 1L, 2L });
        Eval.Run("items({'b': 1})").ShouldBe(new object?[] { new object?[] { "b", 1L } });
    }

    [Fact]
    public void Secret_ReadsFromScope()
    {
        var scope = new TestScope().WithSecret("DB_PASSWORD", "hunter2");
        Eval.Run("secret('DB_PASSWORD')", scope).ShouldBe("hunter2");
        Eval.Fails("secret('API_KEY')", scope).Message.ShouldContain("secret 'API_KEY' is not set");
    }

    [Theory]
    [InlineData("int('3.5')", "int() cannot convert '3.5'")]
    [InlineData("int(float('inf'))", "int() cannot convert inf")]
    [InlineData("float('abc')", "float() cannot convert 'abc'")]
    [InlineData("len(5)", "len() argument 1 must be a string, list or map, not 'int'")]
    [InlineData("lower(null)", "lower() argument 1 must be a string, not 'null'")]
    [InlineData("min([])", "min() of an empty list")]
    [InlineData("max(1, 'a')", "max() cannot compare 'string' with 'int'")]
    [InlineData("sum(['a'])", "unsupported operand types for '+': 'int' and 'string'")]
    [InlineData("range(1, 5, 0)", "range() step cannot be zero")]
    [InlineData("replace('abc', '', 'x')", "replace() cannot replace an empty string")]
    [InlineData("format('{} {}', 1)", "placeholder {1} has no argument (1 given)")]
    [InlineData("format('{name}', 1)", "supports only {} and {N} placeholders")]
    [InlineData("from_json('{oops')", "from_json() got invalid JSON")]
    [InlineData("abs(-9223372036854775807 - 1)", "integer overflow in abs()")]
    [InlineData("keys([1])", "keys() argument 1 must be a map, not 'list'")]
    public void Function_WithBadArgument_ThrowsClearMessage(string text, string message) =>
        Eval.Fails(text).Message.ShouldContain(message);

    [Theory]
    [InlineData("round(1, 2, 3)", "round() takes 1 or 2 arguments, got 3")]
    [InlineData("len()", "len() takes 1 argument, got 0")]
    [InlineData("coalesce()", "coalesce() takes at least 1 argument, got 0")]
    [InlineData("range(1, 2, 3, 4)", "range() takes 1 to 3 arguments, got 4")]
    [InlineData("x | replace('a')", "filter 'replace' takes 3 arguments counting the value before '|', got 2")]
    public void Arity_IsCheckedAtParseTime(string text, string message) =>
        Eval.SyntaxError(text).Message.ShouldBe(message);

    [Theory]
    [InlineData("now()", "unknown function 'now'", "expressions have no clock")]
    [InlineData("lowr('A')", "unknown function 'lowr'", "did you mean 'lower'?")]
    [InlineData("x | uper", "unknown filter 'uper'", "did you mean 'upper'?")]
    [InlineData("open('/etc/passwd')", "unknown function 'open'", "allowed: abs,")]
    public void UnknownFunction_IsASyntaxErrorWithHint(string text, string message, string hint)
    {
        var error = Eval.SyntaxError(text);
        error.Message.ShouldBe(message);
        error.Hint.ShouldNotBeNull().ShouldContain(hint);
    }

    [Fact]
    public void MethodCall_IsRejected()
    {
        var error = Eval.SyntaxError("'a'.upper()");
        error.Message.ShouldBe("only functions can be called");
        error.Location.Column.ShouldBe(Eval.Origin.Column + 9);
    }
}
