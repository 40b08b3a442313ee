using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.Data.Tests;

/// <summary>Helpers to read results as plain rows.</summary>
public static class TestData
{
    public static async Task<List<object?[]>> RowsAsync(IBatchSource source)
    {
        var rows = new List<object?[]>();
        await foreach (var b in source.ReadAsync(null))
        {
            using (b)
            {
                for (var r = 0; r < b.RowCount; r++)
                {
                    rows.Add([.. b.Columns.Select(c => c.GetValue(r))]);
                }
            }
        }

        return rows;
    }

    public static Table Table(Schema schema, params Sluice.Data.Columns.Column[] columns) =>
        new(schema, [new RecordBatch(schema, columns, columns.Length == 0 ? 0 : columns[0].Length)]);
}
