namespace Sluice.Data.Operators.Window;

/// <summary>The rows of the open partition: where each lives (batch and row), in order.</summary>
internal sealed class PartitionRows(int slotCount)
{
    private readonly List<WindowOperator.Pending> _batches = [];
    private readonly List<int> _rows = [];

    public int SlotCount { get; } = slotCount;

    public int Count => _rows.Count;

    /// <summary>The first batch the partition touches, or null when it is empty.</summary>
    public WindowOperator.Pending? FirstBatch => _batches.Count > 0 ? _batches[0] : null;

    public WindowOperator.Pending BatchAt(int i) => _batches[i];

    public int RowAt(int i) => _rows[i];

    public void Add(WindowOperator.Pending batch, int row)
    {
        _batches.Add(batch);
        _rows.Add(row);
    }

    public void Clear()
    {
        _batches.Clear();
        _rows.Clear();
    }

    public long Code(int slot, int i) => _batches[i].Codes[slot][_rows[i]];

    public bool IsNull(int slot, int i) => _batches[i].Nulls[slot][_rows[i]];

    public void Set(int function, int i, long code, bool isNull)
    {
        _batches[i].Results[function][_rows[i]] = code;
        _batches[i].ResultNulls[function][_rows[i]] = isNull;
    }
}
