using Sluice.Data.Columns;
using Sluice.Data.SchemaValidation;
using static Sluice.Data.Tests.SchemaValidation.SchemaTestData;

namespace Sluice.Data.Tests.SchemaValidation;

public sealed class TableRuleTests
{
    [Fact]
    public void Compatibility_ReportsMissingExtraAndTableErrors()
    {
        var schema = Schema(Map(
            ("columns", Map(
                ("id", Map(("type", "integer"), ("nullable", false))),
                ("note", Map(("type", "string"))))),
            ("table", Map(("required_columns", new object[] { "amount" }), ("forbidden_columns", new object[] { "ssn" }), ("min_rows", 3L), ("max_rows", 5L)))));
        using var batch = Batch(("amount", ColumnFactory.Int64(1, 2)), ("ssn", ColumnFactory.String("x", "y")));
        var validator = new SchemaValidator(schema, batch.Schema);
        validator.Validate(batch).Dispose();
        var result = validator.Complete();

        result.Compatibility.Missing.ShouldBe(["id", "note"]);
        result.Compatibility.Extra.ShouldBe(["amount", "ssn"]);
        result.Compatibility.IsCompatible.ShouldBeFalse();
        result.TableErrors.Select(t => t.Rule).ShouldBe(["required_column", "forbidden_column", "min_rows"]);
        result.TableErrors[0].Message.ShouldContain("'id'");
        result.IsValid.ShouldBeFalse();
        result.Passes(ValidationMode.Permissive).ShouldBeFalse();
    }

    [Fact]
    public void MaxRows_AndExtraColumnsWhenDisallowed()
    {
        var schema = Schema(Map(("columns", Map(("a", Map(("type", "integer"))))), ("table", Map(("max_rows", 1L), ("allow_extra_columns", false)))));
        using var batch = Batch(("a", ColumnFactory.Int64(1, 2)), ("b", ColumnFactory.Int64(1, 2)));
        var validator = new SchemaValidator(schema, batch.Schema);
        validator.Validate(batch).Dispose();
        validator.Complete().TableErrors.Select(t => t.Rule).ShouldBe(["extra_column", "max_rows"]);
    }
}
