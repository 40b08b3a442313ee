using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>Maps the key columns of each batch row to dense group ids, and decodes the distinct keys back into columns.</summary>
internal sealed class KeyMapper
{
    private readonly int[] _columns;
    private readonly KeyEncoder[] _encoders;

    public KeyMapper(Schema schema, IReadOnlyList<string> keys)
    {
        _columns = [.. keys.Select(schema.Require)];
        _encoders = [.. _columns.Select(c => new KeyEncoder(schema[c].Type))];
        Table = new GroupKeyTable(_columns.Length);
        KeyFields = [.. _columns.Select(c => schema[c])];
    }

    /// <summary>Shares the encoders (string ids) of another mapper, so equal strings get equal codes on both join sides.</summary>
    public KeyMapper(Schema schema, IReadOnlyList<string> keys, KeyMapper sharedEncoders)
    {
        _columns = [.. keys.Select(schema.Require)];
        _encoders = sharedEncoders._encoders;
        Table = sharedEncoders.Table;
        KeyFields = [.. _columns.Select(c => schema[c])];
    }

    public GroupKeyTable Table { get; }

    public IReadOnlyList<Field> KeyFields { get; }

    public int Count => Table.Count;

    /// <summary>Writes the group id of every row, adding new groups.</summary>
    public void GetOrAdd(RecordBatch batch, Span<int> ids) => Map(KeyColumns(batch), batch.RowCount, ids, add: true);

    /// <summary>Writes the group id of every row of already separated key columns (in key order), adding new groups.</summary>
    public void GetOrAdd(Column[] keyColumns, int rowCount, Span<int> ids) => Map(keyColumns, rowCount, ids, add: true);

    /// <summary>Writes the group id of every row, or -1 when the key is unknown or has a null.</summary>
    public void Find(RecordBatch batch, Span<int> ids) => Map(KeyColumns(batch), batch.RowCount, ids, add: false);

    /// <summary>Writes the group id of every row, or -1 when the key is unknown; a key with nulls finds its group as <see cref="GetOrAdd(RecordBatch, Span{int})"/> made it.</summary>
    public void FindGroups(RecordBatch batch, Span<int> ids) => Map(KeyColumns(batch), batch.RowCount, ids, add: false, nullsMatch: true);

    private Column[] KeyColumns(RecordBatch batch)
    {
        var cols = new Column[_columns.Length];
        for (var c = 0; c < cols.Length; c++)
        {
            cols[c] = batch.Column(_columns[c]);
        }

        return cols;
    }

    private void Map(Column[] keyColumns, int n, Span<int> ids, bool add, bool nullsMatch = false)
    {
        var k = _columns.Length;
        var codes = new long[k][];
        try
        {
            var anyNull = false;
            for (var c = 0; c < k; c++)
            {
                codes[c] = Buffers.Rent<long>(n);
                var col = keyColumns[c];
                if (add)
                {
                    _encoders[c].Encode(col, codes[c]);
                }
                else
                {
                    _encoders[c].EncodeExisting(col, codes[c]);
                }

                // A validity mask without nulls (common after a filter) still takes the single-key fast path.
                anyNull |= col.NullCount > 0;
            }

            if (k == 1 && !anyNull)
            {
                var single = codes[0];
                for (var i = 0; i < n; i++)
                {
                    ids[i] = add ? Table.GetOrAdd(single[i]) : Table.Find(single[i]);
                }

                return;
            }

            if (k == 1)
            {
                var single = codes[0];
                var column = keyColumns[0];
                for (var i = 0; i < n; i++)
                {
                    var mask = column.IsNull(i) ? 1UL : 0UL;
                    ids[i] = add ? Table.GetOrAdd(single.AsSpan(i, 1), mask)
                        : mask == 0 ? Table.Find(single[i])
                        : nullsMatch ? Table.Find(single.AsSpan(i, 1), mask) : -1;
                }

                return;
            }

            MapComposite(keyColumns, codes, n, ids, add, anyNull, nullsMatch);
        }
        finally
        {
            foreach (var c in codes)
            {
                Buffers.Return(c);
            }
        }
    }

    /// <summary>
    /// Hashes the batch's keys column by column (the same chain as <see cref="GroupKeyTable.HashOf"/>, in one tight loop
    /// per column instead of a dependent chain per row), then probes the table row by row.
    /// </summary>
    private void MapComposite(Column[] keyColumns, long[][] codes, int n, Span<int> ids, bool add, bool anyNull, bool nullsMatch)
    {
        var k = codes.Length;
        var hashes = Buffers.Rent<ulong>(n);
        var masks = anyNull ? Buffers.Rent<ulong>(n) : null;
        try
        {
            if (masks is null)
            {
                hashes.AsSpan(0, n).Fill(ByteHash.Hash(0L));
            }
            else
            {
                masks.AsSpan(0, n).Clear();
                for (var c = 0; c < k; c++)
                {
                    var col = keyColumns[c];
                    if (col.NullCount == 0)
                    {
                        continue;
                    }

                    for (var i = 0; i < n; i++)
                    {
                        if (col.IsNull(i))
                        {
                            masks[i] |= 1UL << c;
                            codes[c][i] = 0;
                        }
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    hashes[i] = ByteHash.Hash((long)masks[i]);
                }
            }

            for (var c = 0; c < k; c++)
            {
                var column = codes[c];
                for (var i = 0; i < n; i++)
                {
                    hashes[i] = ByteHash.Hash((long)(hashes[i] ^ (ulong)column[i]));
                }
            }

            Span<long> values = stackalloc long[k];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < k; c++)
                {
                    values[c] = codes[c][i];
                }

                var mask = masks is null ? 0UL : masks[i];
                ids[i] = add ? Table.GetOrAdd(values, mask, hashes[i]) : (mask != 0 && !nullsMatch ? -1 : Table.Find(values, mask, hashes[i]));
            }
        }
        finally
        {
            Buffers.Return(hashes);
            Buffers.Return(masks);
        }
    }

    /// <summary>One column per key, one row per group id in id order.</summary>
    public Column[] DecodeKeys()
    {
        var n = Table.Count;
        var k = _columns.Length;
        var values = new long[k][];
        var nulls = new bool[k][];
        for (var c = 0; c < k; c++)
        {
            values[c] = new long[n];
            nulls[c] = new bool[n];
        }

        Span<long> key = stackalloc long[k];
        for (var id = 0; id < n; id++)
        {
            var mask = Table.GetKey(id, key);
            for (var c = 0; c < k; c++)
            {
                values[c][id] = key[c];
                nulls[c][id] = (mask & (1UL << c)) != 0;
            }
        }

        var result = new Column[k];
        for (var c = 0; c < k; c++)
        {
            result[c] = _encoders[c].Decode(values[c], nulls[c]);
        }

        return result;
    }
}
