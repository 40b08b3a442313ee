using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;

namespace Sluice.Data.Tests.ColumnExpressions;

public sealed class ExprCompilerTests : ExprTestBase
{
    [Fact]
    public void Arithmetic_DecimalTimesInt_IsExactDecimalWithNulls() =>
        Eval(Col("m").Multiply(Col("i"))).ShouldBe([1.25m, null, null, -0.20m]);

    [Fact]
    public void Arithmetic_DecimalPlusFloat_IsFloat() =>
        Eval(Col("m").Add(Col("f"))).ShouldBe([2.75, null, null, -0.55]);

    [Fact]
    public void Arithmetic_FloorDivideAndModulo_FollowPythonSignsAndNullOnZero()
    {
        Eval(Col("i").Binary(BinaryOperator.FloorDivide, ColumnExprs.Lit(2L))).ShouldBe([0L, null, -4L, 2L]);
        Eval(Col("i").Binary(BinaryOperator.Modulo, ColumnExprs.Lit(3L))).ShouldBe([1L, null, 2L, 1L]);
        Eval(Col("i").Divide(ColumnExprs.Lit(0L))).ShouldBe([null, null, null, null]);
    }

    [Fact]
    public void Arithmetic_Overflow_RaisesDataException()
    {
        using var batch = Batch();
        var e = ExprCompiler.Compile(Col("i").Multiply(ColumnExprs.Lit(long.MaxValue)), Schema);
        Should.Throw<DataException>(() => e.Evaluate(batch)).Message.ShouldContain("overflow");
    }

    [Fact]
    public void Compare_DecimalWithIntLiteral_AlignsScales() =>
        Eval(Col("m").Ge(ColumnExprs.Lit(2L))).ShouldBe([false, true, null, false]);

    [Fact]
    public void Logic_AndOr_ThreeValued()
    {
        var isNeg = Col("i").Lt(ColumnExprs.Lit(0L)); // false, null, true, false
        Eval(Col("b").And(isNeg)).ShouldBe([false, false, null, false]);
        Eval(Col("b").Or(isNeg)).ShouldBe([true, null, true, true]);
        Eval(Col("b").Not()).ShouldBe([false, true, null, false]);
        Eval(ColumnExprs.Lit(false).And(ColumnExprs.Null(DataType.Bool))).ShouldBe([false, false, false, false]);
        Eval(ColumnExprs.Lit(true).Or(ColumnExprs.Null(DataType.Bool))).ShouldBe([true, true, true, true]);
    }

    [Fact]
    public void Strings_LowerTrimOnDictionary_NormalisesEntries() =>
        Eval(ColumnExprs.Call("lower", ColumnExprs.Call("trim", Col("c")))).ShouldBe(["books", "books", null, "toys"]);

    [Fact]
    public void Strings_UpperLengthSubstrLeftReplace_HandleUnicodeAndNulls()
    {
        Eval(ColumnExprs.Call("upper", Col("s"))).ShouldBe(["  HELLO ", null, "ÄBC", ""]);
        Eval(ColumnExprs.Call("length", Col("s"))).ShouldBe([8L, null, 3L, 0L]);
        Eval(ColumnExprs.Call("substr", Col("s"), ColumnExprs.Lit(3L), ColumnExprs.Lit(3L))).ShouldBe(["Hel", null, "C", ""]);
        Eval(ColumnExprs.Call("left", Col("ts"), ColumnExprs.Lit(10L))).ShouldBe(["2024-02-29", "2026-02-30", "2026-1-05T", "2026-03-31"]);
        Eval(ColumnExprs.Call("replace", Col("s"), ColumnExprs.Lit("l"), ColumnExprs.Lit("L"))).ShouldBe(["  HeLLo ", null, "ÄbC", ""]);
        Eval(ColumnExprs.Call("regex_match", Col("c"), ColumnExprs.Lit("^[a-z ]+$"))).ShouldBe([false, true, null, false]);
    }

    [Fact]
    public void ToTimestamp_Strict_RejectsUnpaddedAndImpossibleDates()
    {
        var parsed = Eval(ColumnExprs.Call("to_timestamp", Col("ts"), ColumnExprs.Lit("%Y-%m-%dT%H:%M:%S")));
        parsed.ShouldBe([new DateTime(2024, 2, 29), null, null, new DateTime(2026, 3, 31, 23, 59, 59)]);
        Eval(ColumnExprs.Call("date", ColumnExprs.Call("to_timestamp", Col("ts"), ColumnExprs.Lit("%Y-%m-%dT%H:%M:%S"))))
            .ShouldBe([new DateOnly(2024, 2, 29), null, null, new DateOnly(2026, 3, 31)]);
        Eval(ColumnExprs.Call("hour", ColumnExprs.Call("to_timestamp", Col("ts"), ColumnExprs.Lit("%Y-%m-%dT%H:%M:%S")))).ShouldBe([0L, null, null, 23L]);
    }

    [Theory]
    [InlineData("2024-02-29T00:00:00", true)]
    [InlineData("2026-03-31T23:59:59", true)]
    [InlineData("not-a-date", false)]
    [InlineData("", false)]
    [InlineData("2026-02-30T12:00:00", false)]
    [InlineData("2026-13-01T08:00:00", false)]
    [InlineData("2026-01-15T25:00:00", false)]
    [InlineData("2026/01/15 10:00:00", false)]
    [InlineData("2026-1-05T10:00:00", false)]
    [InlineData("2026-01-05 10:00:00", false)]
    [InlineData("2026-01-05T10:00:00Z", false)]
    [InlineData("2026-01-05T10:00:60", false)]
    [InlineData("1900-02-29T00:00:00", false)]
    [InlineData("2000-02-29T00:00:00", true)]
    public void ToTimestamp_WorkloadExamples_MatchSpec(string text, bool valid)
    {
        var schema = new Schema(new Field("t", DataType.String));
        using var batch = new RecordBatch(schema, [Sluice.Data.Columns.ColumnFactory.String(text)], 1);
        using var col = ExprCompiler.Compile(ColumnExprs.Call("to_timestamp", ColumnExprs.Col("t"), ColumnExprs.Lit("%Y-%m-%dT%H:%M:%S")), schema).Evaluate(batch);
        col.IsNull(0).ShouldBe(!valid);
    }

    [Fact]
    public void Coalesce_PromotesToCommonType() =>
        Eval(ColumnExprs.Coalesce(Col("m"), Col("i"), ColumnExprs.Lit(0L))).ShouldBe([1.25m, 2.50m, -7m, -0.05m]);

    [Fact]
    public void Cast_TextToNumbersInvalidBecomesNull_AndBack()
    {
        Eval(Col("ts").Cast(DataType.Int64)).ShouldBe([null, null, null, null]);
        Eval(Col("m").Cast(DataType.String)).ShouldBe(["1.25", "2.50", null, "-0.05"]);
        Eval(Col("m").Cast(DataType.Decimal(1))).ShouldBe([1.3m, 2.5m, null, -0.1m]);
        Eval(Col("f").Cast(DataType.Int64)).ShouldBe([2L, null, 2L, -1L]);
    }

    [Fact]
    public void MathFunctions_RoundHalfAwayFloorCeilAbsSqrt()
    {
        Eval(ColumnExprs.Call("round", Col("m"), ColumnExprs.Lit(1L))).ShouldBe([1.30m, 2.50m, null, -0.10m]);
        Eval(ColumnExprs.Call("floor", Col("m"))).ShouldBe([1L, 2L, null, -1L]);
        Eval(ColumnExprs.Call("ceil", Col("m"))).ShouldBe([2L, 3L, null, 0L]);
        Eval(ColumnExprs.Call("abs", Col("i"))).ShouldBe([1L, null, 7L, 4L]);
        Eval(ColumnExprs.Call("sqrt", Col("f"))).ShouldBe([Math.Sqrt(1.5), null, Math.Sqrt(2.0), null]);
    }

    [Fact]
    public void IsNull_NeverNull() => Eval(Col("i").IsNull()).ShouldBe([false, true, false, false]);

    [Fact]
    public void Compile_UnknownColumnOrFunctionOrTypeError_ExplainsWhat()
    {
        Should.Throw<DataException>(() => ExprCompiler.Compile(Col("nope"), Schema)).Message.ShouldContain("Unknown column 'nope'");
        Should.Throw<DataException>(() => ExprCompiler.Compile(ColumnExprs.Call("frobnicate", Col("i")), Schema)).Message.ShouldContain("Unknown function 'frobnicate'");
        Should.Throw<DataException>(() => ExprCompiler.Compile(Col("s").Subtract(Col("i")), Schema)).Message.ShouldContain("needs numbers");
        Should.Throw<DataException>(() => ExprCompiler.Compile(ColumnExprs.Call("to_timestamp", Col("ts"), ColumnExprs.Lit("%Q")), Schema)).Message.ShouldContain("%Q");
    }
}
