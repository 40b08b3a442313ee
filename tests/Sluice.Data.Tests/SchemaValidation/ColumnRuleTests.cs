using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.SchemaValidation;
using static Sluice.Data.Tests.SchemaValidation.SchemaTestData;

namespace Sluice.Data.Tests.SchemaValidation;

public sealed class ColumnRuleTests
{
    [Fact]
    public void Integer_FromText_WholeNumbersOnly_NullsAllowedByDefault()
    {
        var (result, valid) = One(Map(("type", "integer")), ColumnFactory.String("7", " -3 ", "1.5", "x", null, ""));
        result.TypeErrors.Select(e => e.Row).ShouldBe([2L, 3L]);
        result.ErrorCount.ShouldBe(0);
        valid.ShouldBe(["7", " -3 ", null, ""]);
        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Integer_FromFloatColumn_FractionIsTypeError()
    {
        var (result, _) = One(Map(("type", "integer")), ColumnFactory.Float64(1, 2.5, -0.0, double.NaN));
        result.TypeErrors.Select(e => e.Row).ShouldBe([1L, 3L]);
    }

    [Fact]
    public void Numeric_MinMaxInclusive()
    {
        var (result, valid) = One(Map(("type", "numeric"), ("min", 0L), ("max", 10.5)), ColumnFactory.Float64(0, 10.5, -0.001, 10.6, null));
        result.Errors.Select(e => (e.Row, e.Rule)).ShouldBe([(2L, "min"), (3L, "max")]);
        valid.ShouldBe([0.0, 10.5, null]);
    }

    [Fact]
    public void Numeric_BoolColumn_IsMistypedAndEveryValueATypeError()
    {
        var (result, valid) = One(Map(("type", "numeric")), ColumnFactory.Bool(true, null, false));
        result.Compatibility.Mistyped.ShouldHaveSingleItem().ShouldBe(new ColumnMismatch("c", "numeric", "bool"));
        result.TypeErrorCount.ShouldBe(2);
        valid.ShouldBe([null]);
    }

    [Fact]
    public void AllowedValues_TextExact_NumbersNumeric()
    {
        One(Map(("type", "string"), ("allowed_values", new object[] { "A", "B" })), ColumnFactory.String("A", "a", "B", "C"))
            .Result.Errors.Select(e => e.Row).ShouldBe([1L, 3L]);
        One(Map(("type", "integer"), ("allowed_values", new object[] { 1L, "2.0" })), ColumnFactory.Int64(1, 2, 3))
            .Result.Errors.Select(e => e.Row).ShouldBe([2L]);
    }

    [Fact]
    public void Pattern_MatchesAnywhere_LengthInCodeUnits()
    {
        var (result, _) = One(Map(("type", "string"), ("pattern", "^[a-z]+@[a-z]+$"), ("min_length", 5L), ("max_length", 7L)),
            ColumnFactory.String("a@b", "ab@cd", "ab@cdef", "ab@cdefg", "AB@CD"));
        result.Errors.Select(e => (e.Row, e.Rule)).ShouldBe([(0L, "min_length"), (3L, "max_length"), (4L, "pattern")]);
    }

    [Fact]
    public void Unique_SecondAndLaterOccurrencesAreErrors_AcrossBatches_NullsIgnored()
    {
        var schema = Schema(Map(("c", Map(("type", "string"), ("unique", true)))));
        using var first = Batch(("c", ColumnFactory.String("a", "b", null)));
        using var second = Batch(("c", ColumnFactory.DictionaryString("b", null, "c", "a", "a")));
        var validator = new SchemaValidator(schema, first.Schema);
        validator.Validate(first).Dispose();
        validator.Validate(second).Dispose();
        var result = validator.Complete();
        result.Errors.Select(e => (e.Row, e.Value)).ShouldBe([(3L, "b"), (6L, "a"), (7L, "a")]);
        result.RowCount.ShouldBe(8);
    }

    [Fact]
    public void Unique_NumbersCompareByValue()
    {
        One(Map(("type", "numeric"), ("unique", true)), ColumnFactory.Float64(0.0, -0.0, 1, 1.0))
            .Result.Errors.Select(e => e.Row).ShouldBe([1L, 3L]);
    }

    [Fact]
    public void Boolean_FromText()
    {
        var (result, _) = One(Map(("type", "boolean")), ColumnFactory.String("true", "No", "1", "maybe"));
        result.TypeErrors.Select(e => e.Row).ShouldBe([3L]);
    }

    [Fact]
    public void Date_WithoutFormat_IsoOnly_BadTextIsTypeError_MinMaxAsDates()
    {
        var (result, _) = One(Map(("type", "date"), ("min", "2024-01-01"), ("max", "2024-12-31")),
            ColumnFactory.String("2024-02-29", "2023-02-29", "2023-12-31", "2025-01-01", "01/02/2024"));
        result.TypeErrors.Select(e => e.Row).ShouldBe([1L, 4L]);
        result.Errors.Select(e => (e.Row, e.Rule)).ShouldBe([(2L, "min"), (3L, "max")]);
    }

    [Fact]
    public void Date_NativeDateColumn_Accepted()
    {
        var column = ColumnFactory.Create(DataType.Date, [new DateOnly(2024, 1, 1), null]);
        One(Map(("type", "date"), ("nullable", false)), column).Result.Errors.Select(e => e.Rule).ShouldBe(["nullable"]);
    }

    [Fact]
    public void Timestamp_WithFormat_MismatchBreaksFormatRule()
    {
        var (result, _) = One(Map(("type", "timestamp"), ("format", "%d/%m/%Y %H:%M")), ColumnFactory.String("31/01/2024 23:59", "2024-01-31 23:59", "31/01/2024 24:00"));
        result.Errors.Select(e => (e.Row, e.Rule)).ShouldBe([(1L, "format"), (2L, "format")]);
        result.TypeErrorCount.ShouldBe(0);
    }

    [Fact]
    public void EmptyInput_IsValid_NoDivisionByZero()
    {
        var (result, valid) = One(Map(("type", "integer"), ("nullable", false), ("unique", true)), ColumnFactory.Int64());
        result.IsValid.ShouldBeTrue();
        result.ErrorRate.ShouldBe(0);
        result.RowCount.ShouldBe(0);
        valid.ShouldBeEmpty();
    }

    [Fact]
    public void OneErrorPerCell_FirstBrokenRuleWins()
    {
        var (result, _) = One(Map(("type", "numeric"), ("min", 0L), ("allowed_values", new object[] { 1L })), ColumnFactory.Int64(-5));
        result.Errors.ShouldHaveSingleItem().Rule.ShouldBe("min");
    }
}
