using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Ingest;

/// <summary>
/// The rows of a table that are new since a <see cref="TableMark"/>: a value of the mark column <c>&gt;=</c> the mark,
/// minus the rows at the mark whose key was read before. While streaming it computes the next mark (the highest value
/// seen and the keys of every row at it). Rows with a null mark column are read only when there is no mark yet.
/// </summary>
internal sealed class IncrementalTableSource : IBatchSource
{
    private readonly IBatchSource _inner;
    private readonly TableMark _previous;
    private readonly int _column;
    private readonly int[] _keys;
    private string? _max;
    private HashSet<string> _atMax = new(StringComparer.Ordinal);

    public IncrementalTableSource(IBatchSource inner, TableMark previous, IReadOnlyList<string>? keys, string source)
    {
        _inner = inner;
        _previous = previous;
        var schema = inner.Schema;
        _column = schema.IndexOf(previous.Column) is var c and >= 0
            ? c
            : throw new SluiceException($"incremental: column '{previous.Column}' is not in {source} (columns: {string.Join(", ", schema.Fields.Select(static f => f.Name))})");
        _keys = keys is null
            ? [.. Enumerable.Range(0, schema.Count)]
            : [.. keys.Select(k => schema.IndexOf(k) is var i and >= 0 ? i : throw new SluiceException($"incremental: key column '{k}' is not in {source}"))];
        _max = previous.Value;
        if (previous.Value is not null)
        {
            _atMax = new HashSet<string>(previous.Keys, StringComparer.Ordinal);
        }
    }

    public Schema Schema => _inner.Schema;

    /// <summary>The mark after every batch has been read.</summary>
    public TableMark Next => new(_previous.Column, _max, _atMax);

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Sequential on purpose: the next mark is computed from every row in order.
        await foreach (var batch in _inner.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var keep = new List<int>(batch.RowCount);
            using (batch)
            {
                var column = batch.Column(_column);
                for (var row = 0; row < batch.RowCount; row++)
                {
                    var value = TableMark.Text(column.GetValue(row));
                    if (value is null)
                    {
                        if (_previous.Value is null)
                        {
                            keep.Add(row);
                        }
                        continue;
                    }
                    var vsMark = _previous.Value is null ? 1 : TableMark.Compare(value, _previous.Value);
                    if (vsMark < 0)
                    {
                        continue;
                    }
                    var key = Key(batch, row);
                    if (vsMark > 0 || !_previous.Keys.Contains(key))
                    {
                        keep.Add(row);
                    }
                    var vsMax = _max is null ? 1 : TableMark.Compare(value, _max);
                    if (vsMax > 0)
                    {
                        _max = value;
                        _atMax = new HashSet<string>(StringComparer.Ordinal);
                    }
                    if (vsMax >= 0)
                    {
                        _atMax.Add(key);
                    }
                }
                var selected = keep.Count == batch.RowCount ? batch.Share() : batch.Gather(keep.ToArray());
                yield return transform is null ? selected : transform(selected);
            }
        }
    }

    private string Key(RecordBatch batch, int row)
    {
        var sb = new StringBuilder();
        foreach (var k in _keys)
        {
            sb.Append(TableMark.Text(batch.Column(k).GetValue(row)) ?? "null").Append('\u001f');
        }
        return sb.ToString();
    }
}
