using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>Writes the transformed value of one string into a builder.</summary>
internal delegate void StringTransform(ReadOnlySpan<byte> input, Utf8Builder output);

/// <summary>Computes a value (and whether it is valid) from one string.</summary>
internal delegate bool StringToValue<T>(ReadOnlySpan<byte> input, out T value);

/// <summary>
/// Element-wise string kernels. On a <see cref="DictionaryColumn"/> the function runs once per dictionary entry and
/// the codes are reused, which is what makes lower(trim(category)) cost nothing per row.
/// </summary>
internal static class StringMap
{
    public static Utf8Column Map(Utf8Column input, StringTransform transform)
    {
        if (input is DictionaryColumn dict)
        {
            var entries = MapPlain(dict.Dictionary, transform);
            var codes = Buffers.Rent<int>(dict.Length);
            dict.Codes.CopyTo(codes);
            return DictionaryColumn.FromCodes(codes, entries, dict.Length, dict.Validity?.Clone());
        }

        return MapPlain(input, transform);
    }

    private static StringColumn MapPlain(Utf8Column input, StringTransform transform)
    {
        var n = input.Length;
        var b = new Utf8Builder(n, input is StringColumn s ? s.ByteLength : n * 16);
        for (var i = 0; i < n; i++)
        {
            if (input.IsNull(i))
            {
                b.AppendNull();
            }
            else
            {
                transform(input.GetBytes(i), b);
            }
        }

        return b.Build();
    }

    public static PrimitiveColumn<T> ToValues<T>(Utf8Column input, DataType type, StringToValue<T> func)
        where T : unmanaged
    {
        var n = input.Length;
        if (input is DictionaryColumn dict)
        {
            using var perEntry = ToValues(dict.Dictionary, type, func);
            return (PrimitiveColumn<T>)perEntry.Gather(dict.Codes);
        }

        var values = Buffers.Rent<T>(n);
        ValidityMask? validity = null;
        for (var i = 0; i < n; i++)
        {
            if (!input.IsNull(i) && func(input.GetBytes(i), out var v))
            {
                values[i] = v;
                continue;
            }

            values[i] = default;
            validity ??= ValidityMask.Create(n, true);
            validity.SetNull(i);
        }

        return new PrimitiveColumn<T>(type, values, n, validity);
    }
}
