using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Csv;

namespace Sluice.Data.Json;

/// <summary>
/// Builds record batches row by row from the text of each value, converting it to the column's type with the same
/// strict parsers as the CSV reader. Row-oriented readers (JSON, JSON Lines, database tables) use it. A row whose value
/// does not convert can be dropped with <see cref="CancelRow"/> (and quarantined by the caller). Not thread-safe.
/// </summary>
public sealed class RowBatchBuilder
{
    private readonly bool _dictionary;
    private readonly int _capacity;
    private readonly FieldConverter[] _converters;
    private readonly int[] _counts;

    /// <summary>Creates a builder for batches of <paramref name="schema"/>.</summary>
    /// <param name="schema">The output schema.</param>
    /// <param name="capacity">Rows to reserve per batch.</param>
    /// <param name="dictionaryEncodeStrings">Whether low-cardinality strings are dictionary-encoded. The default is true.</param>
    public RowBatchBuilder(Schema schema, int capacity = 4096, bool dictionaryEncodeStrings = true)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _capacity = Math.Max(16, capacity);
        _dictionary = dictionaryEncodeStrings;
        _converters = new FieldConverter[schema.Count];
        _counts = new int[schema.Count];
        Reset();
    }

    /// <summary>The schema of the batches built.</summary>
    public Schema Schema { get; }

    /// <summary>Complete rows in the current batch.</summary>
    public int RowCount { get; private set; }

    /// <summary>
    /// Sets a value of the current row from its text. <paramref name="quoted"/> marks text that was a quoted string:
    /// a quoted empty string is the empty string in string columns, an unquoted empty text is null. A second value for
    /// the same column in one row is ignored.
    /// </summary>
    /// <returns>False when the text does not convert to the column's type (the row should then be cancelled).</returns>
    public bool AppendText(int column, ReadOnlySpan<byte> text, bool quoted = false)
    {
        if (_counts[column] > RowCount)
        {
            return true;
        }

        if (!_converters[column].Append(text, quoted))
        {
            return false;
        }

        _counts[column]++;
        return true;
    }

    /// <summary>Sets a value of the current row to null.</summary>
    public void AppendNull(int column)
    {
        if (_counts[column] > RowCount)
        {
            return;
        }

        _converters[column].AppendNull();
        _counts[column]++;
    }

    /// <summary>Completes the current row; columns not set are null.</summary>
    public void EndRow()
    {
        for (var c = 0; c < _converters.Length; c++)
        {
            if (_counts[c] == RowCount)
            {
                _converters[c].AppendNull();
                _counts[c]++;
            }
        }

        RowCount++;
    }

    /// <summary>Drops the values set for the current row.</summary>
    public void CancelRow()
    {
        for (var c = 0; c < _converters.Length; c++)
        {
            if (_counts[c] > RowCount)
            {
                _converters[c].Truncate(RowCount);
                _counts[c] = RowCount;
            }
        }
    }

    /// <summary>Returns the complete rows as a batch (the caller owns it) and starts a new one.</summary>
    public RecordBatch Build()
    {
        CancelRow();
        var columns = new Column[_converters.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = _converters[c].Build();
        }

        var batch = new RecordBatch(Schema, columns, RowCount);
        Reset();
        return batch;
    }

    private void Reset()
    {
        for (var c = 0; c < _converters.Length; c++)
        {
            _converters[c] = FieldConverter.Create(Schema[c].Type, _capacity, _dictionary, quotedEmptyIsEmptyString: true);
            _counts[c] = 0;
        }

        RowCount = 0;
    }
}
