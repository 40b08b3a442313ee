namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// The distinct non-null keys of a referenced data set, streamed in batch by batch, for
/// <c>values in (…) must exist in …</c> checks. Memory grows with the number of distinct keys.
/// </summary>
public sealed class ReferenceKeySet
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly KeyBuffer _buffer = new();
    private readonly IColumnView[] _columns;

    /// <summary>Creates an empty key set over the given key columns.</summary>
    /// <param name="columns">Key column names in the referenced data set, in the order the check lists them.</param>
    public ReferenceKeySet(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _columns = new IColumnView[columns.Count];
    }

    /// <summary>The key columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Distinct keys added so far.</summary>
    public int Count => _keys.Count;

    /// <summary>Adds the keys of one batch of the referenced data set; rows with a null key part are skipped.</summary>
    /// <exception cref="ArgumentException">A key column is missing from the batch.</exception>
    public void Add(ITableView batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c] = batch.TryGetColumn(Columns[c], out var column)
                ? column
                : throw new ArgumentException($"The reference batch has no column '{Columns[c]}'.", nameof(batch));
        }

        var lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (_buffer.TryEncode(_columns, row))
            {
                lookup.Add(_buffer.Span);
            }
        }
    }

    internal bool Contains(ReadOnlySpan<char> key) => _keys.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key);
}
