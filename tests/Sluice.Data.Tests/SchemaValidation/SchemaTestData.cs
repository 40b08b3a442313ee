using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.SchemaValidation;

namespace Sluice.Data.Tests.SchemaValidation;

internal static class SchemaTestData
{
    public static SchemaDefinition Schema(Dictionary<string, object?> values)
    {
        var parsed = SchemaDefinition.Parse(values);
        parsed.Diagnostics.ShouldBeEmpty(string.Join("\n", parsed.Diagnostics));
        return parsed.Schema!;
    }

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static RecordBatch Batch(params (string Name, Column Column)[] columns) =>
        new(new Schema(columns.Select(c => new Field(c.Name, c.Column.Type))), columns.Select(c => c.Column).ToArray(), columns.Length == 0 ? 0 : columns[0].Column.Length);

    /// <summary>Validates one batch of a single column and returns the result and the valid rows' values.</summary>
    public static (SchemaValidationResult Result, List<object?> Valid) One(Dictionary<string, object?> columnSpec, Column column)
    {
        var schema = Schema(Map(("c", columnSpec)));
        using var batch = Batch(("c", column));
        var validator = new SchemaValidator(schema, batch.Schema);
        using var valid = validator.Validate(batch);
        var values = Enumerable.Range(0, valid.RowCount).Select(r => valid.Column(0).GetValue(r)).ToList();
        return (validator.Complete(), values);
    }
}
