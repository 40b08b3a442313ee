using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>Concatenates columns of one type (materialising a table into one batch).</summary>
internal static class ColumnConcat
{
    public static Column Concat(DataType type, IReadOnlyList<Column> parts)
    {
        var total = 0;
        foreach (var p in parts)
        {
            total += p.Length;
        }

        switch (type.Kind)
        {
            case TypeKind.String:
                return ConcatStrings(parts, total);
            case TypeKind.Float64:
                return ConcatPrimitive<double>(type, parts, total);
            case TypeKind.Bool:
                return ConcatPrimitive<bool>(type, parts, total);
            case TypeKind.Date:
                return ConcatPrimitive<int>(type, parts, total);
            default:
                return ConcatPrimitive<long>(type, parts, total);
        }
    }

    private static PrimitiveColumn<T> ConcatPrimitive<T>(DataType type, IReadOnlyList<Column> parts, int total)
        where T : unmanaged
    {
        var values = Buffers.Rent<T>(total);
        ValidityMask? mask = null;
        var at = 0;
        foreach (var part in parts)
        {
            var p = (PrimitiveColumn<T>)part;
            p.Values.CopyTo(values.AsSpan(at));
            if (p.Validity is { } v)
            {
                mask ??= ValidityMask.Create(total, true);
                for (var i = 0; i < p.Length; i++)
                {
                    if (!v.IsValid(i))
                    {
                        mask.SetNull(at + i);
                    }
                }
            }

            at += p.Length;
        }

        return new PrimitiveColumn<T>(type, values, total, mask);
    }

    private static Utf8Column ConcatStrings(IReadOnlyList<Column> parts, int total)
    {
        if (parts.All(p => p is DictionaryColumn))
        {
            return ConcatDictionaries(parts, total);
        }

        var bytes = 0;
        foreach (var p in parts)
        {
            bytes += p is StringColumn s ? s.ByteLength : p.Length * 8;
        }

        var b = new Utf8Builder(total, bytes);
        foreach (var part in parts)
        {
            var p = (Utf8Column)part;
            for (var i = 0; i < p.Length; i++)
            {
                if (p.IsNull(i))
                {
                    b.AppendNull();
                }
                else
                {
                    b.Append(p.GetBytes(i));
                }
            }
        }

        return b.Build();
    }

    private static DictionaryColumn ConcatDictionaries(IReadOnlyList<Column> parts, int total)
    {
        // One merged dictionary: each part's entries are mapped once, then codes are remapped.
        var merged = new StringInterner();
        var codes = Buffers.Rent<int>(total);
        ValidityMask? mask = null;
        var at = 0;
        foreach (var part in parts)
        {
            var p = (DictionaryColumn)part;
            var map = new int[p.Dictionary.Length];
            for (var e = 0; e < map.Length; e++)
            {
                map[e] = merged.Intern(p.Dictionary.GetBytes(e));
            }

            var src = p.Codes;
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                codes[at + i] = c < 0 ? -1 : map[c];
                if (c < 0)
                {
                    mask ??= ValidityMask.Create(total, true);
                    mask.SetNull(at + i);
                }
            }

            at += p.Length;
        }

        var dict = merged.ToColumn();
        return DictionaryColumn.FromCodes(codes, dict, total, mask);
    }
}
