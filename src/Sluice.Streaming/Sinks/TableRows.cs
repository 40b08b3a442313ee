using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// What the table sinks (SQLite, PostgreSQL) share: the columns written (the sink's <c>columns:</c> or all), the key
/// checked against them, and the rows since the last checkpoint, which travel in the checkpoint itself until the
/// database has committed them.
/// </summary>
internal sealed class TableRows
{
    private readonly int[] _columns;
    private readonly Func<Column, int, object?> _value;

    /// <param name="spec">The sink.</param>
    /// <param name="input">The stream's result schema.</param>
    /// <param name="where">Locates errors (<c>task.parameters.sink</c>).</param>
    /// <param name="value">A cell as the database takes it and a checkpoint carries it (null, long, double, string, bool).</param>
    public TableRows(SinkSpec spec, Schema input, string where, Func<Column, int, object?> value)
    {
        _value = value;
        int Find(string n, string role) => input.IndexOf(n) is var i and >= 0 ? i : throw new SluiceException($"{where}: the {role} '{n}' is not a column of the stream's results; they are {string.Join(", ", input.Fields.Select(static f => f.Name))}.");
        _columns = spec.Columns is { } names ? [.. names.Select(n => Find(n, "column"))] : [.. Enumerable.Range(0, input.Count)];
        Schema = new Schema(_columns.Select(i => input[i]));
        foreach (var key in spec.Table!.Key)
        {
            if (Schema.IndexOf(key) < 0)
            {
                throw new SluiceException($"{where}.key: '{key}' is not among the columns written ({string.Join(", ", Schema.Fields.Select(static f => f.Name))}).");
            }
        }
    }

    /// <summary>The columns written, in order.</summary>
    public Schema Schema { get; }

    /// <summary>The rows since the last committed checkpoint.</summary>
    public List<object?[]> Pending { get; private set; } = [];

    public void Add(RecordBatch batch)
    {
        for (var r = 0; r < batch.RowCount; r++)
        {
            var row = new object?[_columns.Length];
            for (var c = 0; c < _columns.Length; c++)
            {
                var column = batch.Column(_columns[c]);
                row[c] = column.IsNull(r) ? null : _value(column, r);
            }

            Pending.Add(row);
        }
    }

    public void Clear() => Pending = [];

    public void Save(StateWriter writer)
    {
        writer.Write(Pending.Count);
        foreach (var row in Pending)
        {
            foreach (var value in row)
            {
                writer.WriteValue(value);
            }
        }
    }

    public void Load(StateReader reader)
    {
        var rows = new List<object?[]>();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var row = new object?[_columns.Length];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.ReadValue();
            }

            rows.Add(row);
        }

        Pending = rows;
    }
}
