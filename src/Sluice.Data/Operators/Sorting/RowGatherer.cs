using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Sorting;

/// <summary>Builds a batch from rows picked out of several batches of one schema (merge output, sorted runs).</summary>
internal static class RowGatherer
{
    /// <summary>Row i of the result is row <paramref name="rows"/>[i] of <paramref name="sources"/>[<paramref name="slots"/>[i]].</summary>
    public static RecordBatch Gather(Schema schema, IReadOnlyList<RecordBatch> sources, ReadOnlySpan<int> slots, ReadOnlySpan<int> rows)
    {
        var columns = new Column[schema.Count];
        var parts = new Column[sources.Count];
        try
        {
            for (var c = 0; c < columns.Length; c++)
            {
                for (var s = 0; s < parts.Length; s++)
                {
                    parts[s] = sources[s].Column(c);
                }

                columns[c] = schema[c].Type.Kind switch
                {
                    TypeKind.String => GatherStrings(parts, slots, rows),
                    TypeKind.Float64 => GatherPrimitive<double>(schema[c].Type, parts, slots, rows),
                    TypeKind.Bool => GatherPrimitive<bool>(schema[c].Type, parts, slots, rows),
                    TypeKind.Date => GatherPrimitive<int>(schema[c].Type, parts, slots, rows),
                    _ => GatherPrimitive<long>(schema[c].Type, parts, slots, rows),
                };
            }
        }
        catch
        {
            foreach (var done in columns)
            {
                done?.Dispose();
            }

            throw;
        }

        return new RecordBatch(schema, columns, rows.Length);
    }

    /// <summary>The rows <paramref name="order"/>[from..to) of a sorted run (packed batch &lt;&lt; 32 | row).</summary>
    public static RecordBatch Gather(Schema schema, IReadOnlyList<RecordBatch> batches, ReadOnlySpan<long> order)
    {
        var slots = Buffers.Rent<int>(order.Length);
        var rows = Buffers.Rent<int>(order.Length);
        try
        {
            for (var i = 0; i < order.Length; i++)
            {
                slots[i] = (int)(order[i] >> 32);
                rows[i] = (int)order[i];
            }

            return Gather(schema, batches, slots.AsSpan(0, order.Length), rows.AsSpan(0, order.Length));
        }
        finally
        {
            Buffers.Return(slots);
            Buffers.Return(rows);
        }
    }

    private static PrimitiveColumn<T> GatherPrimitive<T>(DataType type, Column[] parts, ReadOnlySpan<int> slots, ReadOnlySpan<int> rows)
        where T : unmanaged
    {
        var values = Buffers.Rent<T>(rows.Length);
        ValidityMask? mask = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var part = (PrimitiveColumn<T>)parts[slots[i]];
            var r = rows[i];
            if (part.IsNull(r))
            {
                mask ??= ValidityMask.Create(rows.Length, true);
                mask.SetNull(i);
                values[i] = default;
            }
            else
            {
                values[i] = part.Values[r];
            }
        }

        return new PrimitiveColumn<T>(type, values, rows.Length, mask);
    }

    private static StringColumn GatherStrings(Column[] parts, ReadOnlySpan<int> slots, ReadOnlySpan<int> rows)
    {
        var bytes = 0L;
        for (var i = 0; i < rows.Length; i++)
        {
            bytes += ((Utf8Column)parts[slots[i]]).GetBytes(rows[i]).Length;
        }

        if (bytes > Array.MaxLength)
        {
            throw new DataException($"Sorted strings exceed {Array.MaxLength} bytes in one batch.");
        }

        var b = new Utf8Builder(rows.Length, (int)bytes);
        for (var i = 0; i < rows.Length; i++)
        {
            var part = (Utf8Column)parts[slots[i]];
            if (part.IsNull(rows[i]))
            {
                b.AppendNull();
            }
            else
            {
                b.Append(part.GetBytes(rows[i]));
            }
        }

        return b.Build();
    }
}
