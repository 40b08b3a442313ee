using System.Runtime.CompilerServices;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.Data.Batches;

/// <summary>A materialised list of batches with one schema. Readable many times; dispose it to return the buffers.</summary>
public sealed class Table : IBatchSource, IDisposable
{
    private readonly List<RecordBatch> _batches;

    /// <summary>Creates a table; ownership of the batches passes to it.</summary>
    public Table(Schema schema, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        Schema = schema;
        _batches = [.. batches];
        RowCount = _batches.Sum(b => (long)b.RowCount);
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>The batches.</summary>
    public IReadOnlyList<RecordBatch> Batches => _batches;

    /// <summary>The total number of rows.</summary>
    public long RowCount { get; }

    /// <summary>Reads every batch of a stream into a table.</summary>
    public static async Task<Table> FromAsync(Schema schema, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var list = new List<RecordBatch>();
        try
        {
            await foreach (var b in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                list.Add(b);
            }
        }
        catch
        {
            list.ForEach(b => b.Dispose());
            throw;
        }

        return new Table(schema, list);
    }

    /// <summary>All rows in one batch (shares columns when there is a single batch). The caller disposes it.</summary>
    public RecordBatch ToBatch()
    {
        if (_batches.Count == 1)
        {
            return _batches[0].Share();
        }

        if (_batches.Count == 0)
        {
            return RecordBatch.Empty(Schema);
        }

        var cols = new Column[Schema.Count];
        for (var c = 0; c < cols.Length; c++)
        {
            cols[c] = ColumnConcat.Concat(Schema[c].Type, [.. _batches.Select(b => b.Column(c))]);
        }

        return new RecordBatch(Schema, cols, checked((int)RowCount));
    }

    /// <summary>The value at a row and column, boxed (for tests and small results).</summary>
    public object? GetValue(long row, string column)
    {
        foreach (var b in _batches)
        {
            if (row < b.RowCount)
            {
                return b.Column(column).GetValue((int)row);
            }

            row -= b.RowCount;
        }

        throw new ArgumentOutOfRangeException(nameof(row));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var b in _batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shared = b.Share();
            yield return transform is null ? shared : transform(shared);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in _batches)
        {
            b.Dispose();
        }

        _batches.Clear();
    }
}
