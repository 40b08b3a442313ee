using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Execution.Spill;

/// <summary>
/// The bytes a batch keeps alive, for the memory budget: the pooled buffers it holds (their rented capacity, which is
/// what the process pays for) plus a small overhead per object. A dictionary shared by several batches is counted in
/// each, so the estimate errs on the high side.
/// </summary>
internal static class BatchSize
{
    private const long ObjectOverhead = 64;

    public static long Of(RecordBatch batch)
    {
        var total = ObjectOverhead;
        foreach (var column in batch.Columns)
        {
            total += Of(column);
        }

        return total;
    }

    public static long Of(Column column)
    {
        var total = ObjectOverhead + (column.Validity is { } mask ? (long)mask.Words.Length * sizeof(ulong) : 0);
        return total + column switch
        {
            PrimitiveColumn<long> p => Bytes(p.Buffer),
            PrimitiveColumn<int> p => Bytes(p.Buffer),
            PrimitiveColumn<double> p => Bytes(p.Buffer),
            PrimitiveColumn<bool> p => Bytes(p.Buffer),
            StringColumn s => Bytes(s.ByteBuffer) + Bytes(s.Offsets),
            DictionaryColumn d => Bytes(d.CodeBuffer) + Of(d.Dictionary),
            _ => (long)column.Length * 16,
        };
    }

    private static long Bytes<T>(T[] array)
        where T : unmanaged => (long)array.Length * Unsafe.SizeOf<T>();
}
