using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// Splits rows into <see cref="Fanout"/> partitions by a hash of their key values, for the operators that spill by
/// partition (hash aggregate, hash join). The hash is of the values themselves (string bytes, not interned codes), so it
/// needs no state shared between batches or between the two sides of a join, and equal keys always land in the same
/// partition. Each spill level takes the next four bits of the hash, so a partition split again spreads out.
/// </summary>
internal sealed class KeyPartitioner
{
    /// <summary>Partitions per level.</summary>
    public const int Fanout = 16;

    /// <summary>Levels of repartitioning before an operator stops spilling (16 levels of 4 bits use up the hash).</summary>
    public const int MaxLevel = 3;

    private const ulong NullHash = 0x9E3779B97F4A7C15UL;

    private readonly int[] _columns;
    private readonly KeyEncoder[] _encoders;
    private readonly int _shift;

    public KeyPartitioner(Schema schema, IReadOnlyList<string> keys, int level)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 15);
        _columns = [.. keys.Select(schema.Require)];
        _encoders = [.. _columns.Select(c => new KeyEncoder(schema[c].Type))];
        _shift = 60 - (4 * level);
    }

    /// <summary>Splits <paramref name="batch"/> (or only its <paramref name="rows"/> when given) into one batch per non-empty partition.</summary>
    /// <returns>The partition batches, null where a partition got no rows; the caller owns them.</returns>
    public RecordBatch?[] Split(RecordBatch batch, int[]? rows = null)
    {
        var all = rows is null;
        var count = rows?.Length ?? batch.RowCount;
        var hashes = Buffers.Rent<ulong>(batch.RowCount);
        try
        {
            Hash(batch, hashes.AsSpan(0, batch.RowCount));
            var sizes = new int[Fanout];
            for (var i = 0; i < count; i++)
            {
                sizes[Partition(hashes[all ? i : rows![i]])]++;
            }

            var lists = new int[Fanout][];
            for (var p = 0; p < Fanout; p++)
            {
                lists[p] = new int[sizes[p]];
                sizes[p] = 0;
            }

            for (var i = 0; i < count; i++)
            {
                var row = all ? i : rows![i];
                var p = Partition(hashes[row]);
                lists[p][sizes[p]++] = row;
            }

            var result = new RecordBatch?[Fanout];
            for (var p = 0; p < Fanout; p++)
            {
                result[p] = lists[p].Length == 0 ? null : batch.Gather(lists[p]);
            }

            return result;
        }
        finally
        {
            Buffers.Return(hashes);
        }
    }

    private int Partition(ulong hash) => (int)((hash >> _shift) & (Fanout - 1));

    private void Hash(RecordBatch batch, Span<ulong> hashes)
    {
        var n = hashes.Length;
        hashes.Fill(ByteHash.Hash(0L));
        var codes = Buffers.Rent<long>(n);
        try
        {
            for (var c = 0; c < _columns.Length; c++)
            {
                var column = batch.Column(_columns[c]);
                if (column is DictionaryColumn dictionary)
                {
                    // Each distinct value is hashed once, then rows take their code's hash.
                    var values = dictionary.Dictionary;
                    var entries = Buffers.Rent<ulong>(values.Length);
                    try
                    {
                        for (var e = 0; e < values.Length; e++)
                        {
                            entries[e] = ByteHash.Hash(values.GetBytes(e));
                        }

                        var rowCodes = dictionary.Codes;
                        for (var i = 0; i < n; i++)
                        {
                            var v = rowCodes[i] < 0 || dictionary.IsNull(i) ? NullHash : entries[rowCodes[i]];
                            hashes[i] = ByteHash.Hash((long)(hashes[i] ^ v));
                        }
                    }
                    finally
                    {
                        Buffers.Return(entries);
                    }

                    continue;
                }

                if (column is Utf8Column strings)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var v = strings.IsNull(i) ? NullHash : ByteHash.Hash(strings.GetBytes(i));
                        hashes[i] = ByteHash.Hash((long)(hashes[i] ^ v));
                    }

                    continue;
                }

                _encoders[c].Encode(column, codes);
                for (var i = 0; i < n; i++)
                {
                    var v = column.IsNull(i) ? NullHash : (ulong)codes[i];
                    hashes[i] = ByteHash.Hash((long)(hashes[i] ^ v));
                }
            }
        }
        finally
        {
            Buffers.Return(codes);
        }
    }
}
