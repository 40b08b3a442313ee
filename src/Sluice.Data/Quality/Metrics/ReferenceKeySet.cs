namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// The distinct non-null keys of a referenced data set over some key columns, streamed in batch by batch, for
/// <c>values in (…) must exist in ds (k, …)</c> checks. Memory grows with the number of distinct keys.
/// </summary>
/// <remarks>
/// Keys compare as in <see cref="KeyBuffer"/>: text ordinal and case-sensitive, numbers by value, timestamps by
/// instant; a number never equals a text. The kind of each key column is remembered from the first batch so that a
/// check can report a type mismatch instead of silently matching nothing.
/// </remarks>
public sealed class ReferenceKeySet
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly KeyBuffer _buffer = new();
    private readonly IColumnView[] _columns;
    private readonly ColumnKind?[] _kinds;

    /// <summary>Creates an empty key set of data set <paramref name="dataset"/> over the given key columns.</summary>
    /// <param name="dataset">The name checks use for the referenced data set.</param>
    /// <param name="columns">Key column names in the referenced data set, in the order the check lists them.</param>
    public ReferenceKeySet(string dataset, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(columns);
        Dataset = dataset;
        Columns = columns;
        _columns = new IColumnView[columns.Count];
        _kinds = new ColumnKind?[columns.Count];
    }

    /// <summary>The referenced data set's name.</summary>
    public string Dataset { get; }

    /// <summary>The key columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Why the keys could not be read (a key column missing from the referenced data, say); null when they were.
    /// A check against a key set with an error reports that error. The default is null.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>Distinct keys added so far.</summary>
    public int Count => _keys.Count;

    /// <summary>The kind of key column <paramref name="index"/>, or null before the first batch.</summary>
    public ColumnKind? KindOf(int index) => _kinds[index];

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
            _kinds[c] ??= column.Kind;
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

    /// <summary>True when this set serves a check on <paramref name="dataset"/> with these key columns (ordinal).</summary>
    public bool Serves(string dataset, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return string.Equals(Dataset, dataset, StringComparison.Ordinal) && Columns.SequenceEqual(columns, StringComparer.Ordinal);
    }

    internal bool Contains(ReadOnlySpan<char> key) => _keys.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key);
}
