namespace Sluice.Data.Quality.Metrics;

/// <summary>A reused, growing list of row numbers within one batch (no allocation once it has grown to the batch size).</summary>
internal sealed class RowIndexBuffer
{
    private int[] _rows = new int[256];
    private int _count;

    public ReadOnlySpan<int> Span => _rows.AsSpan(0, _count);

    public void Clear() => _count = 0;

    public void Add(int row)
    {
        if (_count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        _rows[_count++] = row;
    }
}
