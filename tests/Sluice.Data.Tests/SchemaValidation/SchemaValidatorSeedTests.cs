using Sluice.Data.Columns;
using Sluice.Data.Quarantine;
using Sluice.Data.SchemaValidation;
using static Sluice.Data.Tests.SchemaValidation.SchemaTestData;

namespace Sluice.Data.Tests.SchemaValidation;

/// <summary>The seed's test_data_validation, exactly: three rule errors, and 'invalid' in a numeric column as a type error of its own.</summary>
public sealed class SchemaValidatorSeedTests
{
    private static readonly Dictionary<string, object?> SeedSchema = Map(
        ("id", Map(("type", "integer"), ("nullable", false))),
        ("value", Map(("type", "numeric"), ("min", 0L))),
        ("date", Map(("type", "date"), ("format", "%Y-%m-%d"))));

    [Fact]
    public void Validate_SeedData_IsNotValidWithThreeErrorsAndOneTypeError()
    {
        using var batch = Batch(
            ("id", ColumnFactory.Int64(1, 2, null, 4)),
            ("value", ColumnFactory.String("100", "-50", "200", "invalid")),
            ("date", ColumnFactory.String("2024-01-01", "2024-01-02", "invalid", "2024-01-04")));
        var quarantine = new QuarantineCollector();
        var validator = new SchemaValidator(Schema(SeedSchema), batch.Schema, new SchemaValidatorOptions { Quarantine = quarantine, SourceName = "seed.csv" });

        using var valid = validator.Validate(batch);
        var result = validator.Complete();

        result.IsValid.ShouldBeFalse();
        result.Errors.Count.ShouldBe(3);
        result.Errors.Select(e => (e.Row, e.Column, e.Rule)).ShouldBe([(1L, "value", "min"), (2L, "id", "nullable"), (2L, "date", "format")], ignoreOrder: true);
        result.Errors.Single(e => e.Column == "value").Value.ShouldBe("-50");
        result.TypeErrors.Select(e => (e.Row, e.Column, e.Value, e.Rule)).ShouldBe([(3L, "value", "invalid", "type")]);
        result.ErrorCount.ShouldBe(3);
        result.TypeErrorCount.ShouldBe(1);
        result.RowCount.ShouldBe(4);
        result.InvalidRowCount.ShouldBe(3);
        result.ValidRowCount.ShouldBe(1);
        result.ErrorRate.ShouldBe(0.75);
        valid.RowCount.ShouldBe(1);
        valid.Column("id").GetValue(0).ShouldBe(1L);
        quarantine.Records.Select(r => r.Line).ShouldBe([2L, 3L, 4L]);
        quarantine.Records[1].Reason.ShouldContain("column 'id' value null breaks rule 'nullable'");
        quarantine.Records[1].Reason.ShouldContain("column 'date' value 'invalid' breaks rule 'format'");
        quarantine.Records[1].Source.ShouldBe("seed.csv");
    }

    [Fact]
    public void Validate_SeedDataWithFloatIds_SameErrors()
    {
        // pandas turns [1, 2, None, 4] into floats; whole floats are valid integers.
        using var batch = Batch(
            ("id", ColumnFactory.Float64(1, 2, null, 4)),
            ("value", ColumnFactory.String("100", "-50", "200", "invalid")),
            ("date", ColumnFactory.DictionaryString("2024-01-01", "2024-01-02", "invalid", "2024-01-04")));
        var validator = new SchemaValidator(Schema(SeedSchema), batch.Schema);
        validator.Validate(batch).Dispose();
        var result = validator.Complete();
        result.Errors.Count.ShouldBe(3);
        result.TypeErrors.Count.ShouldBe(1);
    }

    [Fact]
    public void Passes_PermissiveModeIgnoresRowErrors_StrictDoesNot()
    {
        using var batch = Batch(("id", ColumnFactory.Int64(1, null)));
        var validator = new SchemaValidator(Schema(Map(("id", Map(("type", "integer"), ("nullable", false))))), batch.Schema);
        validator.Validate(batch).Dispose();
        var result = validator.Complete();
        result.Passes(ValidationMode.Strict).ShouldBeFalse();
        result.Passes(ValidationMode.Permissive).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0.0, 0.05, ValidationMode.Permissive)]
    [InlineData(0.05, 0.05, ValidationMode.Permissive)]
    [InlineData(0.0500001, 0.05, ValidationMode.Strict)]
    [InlineData(0.75, 0.05, ValidationMode.Strict)]
    public void Choose_ComparesErrorRateWithThreshold(double rate, double threshold, ValidationMode expected)
    {
        var choice = ValidationModeChoice.Choose(rate, threshold);
        choice.Mode.ShouldBe(expected);
        choice.Reason.ShouldStartWith(expected.ToString().ToLowerInvariant());
    }
}
