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

    private Column[] KeyColumns(RecordBatch batch)
    {
        var cols = new Column[_columns.Length];
        for (var c = 0; c < cols.Length; c++)
        {
            cols[c] = batch.Column(_columns[c]);
        }

        return cols;
    }

    private void Map(Column[] keyColumns, int n, Span<int> ids, bool add)
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

            Span<long> values = stackalloc long[k];
            for (var i = 0; i < n; i++)
            {
                ulong mask = 0;
                for (var c = 0; c < k; c++)
                {
                    values[c] = codes[c][i];
                    if (keyColumns[c].IsNull(i))
                    {
                        mask |= 1UL << c;
                    }
                }

                ids[i] = add ? Table.GetOrAdd(values, mask) : (mask != 0 ? -1 : Table.Find(values, mask));
            }
        }
        finally
        {
            foreach (var c in codes)
            {
                Buffers.Return(c);
            }
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
