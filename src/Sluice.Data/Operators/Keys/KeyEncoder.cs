using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// Turns the values of one key column into int64 codes that compare equal exactly when the values do:
/// numbers and dates as themselves (floats by their normalised bits), strings as ids of a shared
/// <see cref="StringInterner"/> (dictionary columns are interned once per dictionary entry). Decodes back too.
/// One instance per operator; not thread-safe.
/// </summary>
internal sealed class KeyEncoder(DataType type)
{
    private readonly StringInterner? _strings = type.Kind == TypeKind.String ? new StringInterner() : null;

    // The codes of the last dictionary encoded (a dictionary never changes, and interned ids never do).
    private StringColumn? _lastDictionary;
    private long[]? _lastMap;

    public DataType Type { get; } = type;

    /// <summary>Writes the codes of <paramref name="column"/> (null rows get 0; see its validity).</summary>
    public void Encode(Column column, Span<long> codes)
    {
        var n = column.Length;
        switch (column)
        {
            case PrimitiveColumn<long> l:
                l.Values.CopyTo(codes);
                return;
            case PrimitiveColumn<int> d:
                for (var i = 0; i < n; i++)
                {
                    codes[i] = d.Values[i];
                }

                return;
            case PrimitiveColumn<bool> b:
                for (var i = 0; i < n; i++)
                {
                    codes[i] = b.Values[i] ? 1 : 0;
                }

                return;
            case PrimitiveColumn<double> f:
                for (var i = 0; i < n; i++)
                {
                    var v = f.Values[i];
                    codes[i] = v == 0 ? 0 : double.IsNaN(v) ? BitConverter.DoubleToInt64Bits(double.NaN) : BitConverter.DoubleToInt64Bits(v);
                }

                return;
            case DictionaryColumn dict:
                // Batches of one file (and the parts of a batch) share their dictionary: it is interned once.
                if (!ReferenceEquals(dict.Dictionary, _lastDictionary))
                {
                    var fresh = new long[dict.Dictionary.Length];
                    for (var e = 0; e < fresh.Length; e++)
                    {
                        fresh[e] = _strings!.Intern(dict.Dictionary.GetBytes(e));
                    }

                    (_lastDictionary, _lastMap) = (dict.Dictionary, fresh);
                }

                var map = _lastMap!;

                var c = dict.Codes;
                for (var i = 0; i < n; i++)
                {
                    codes[i] = c[i] < 0 ? 0 : map[c[i]];
                }

                return;
            case Utf8Column s:
                for (var i = 0; i < n; i++)
                {
                    codes[i] = s.IsNull(i) ? 0 : _strings!.Intern(s.GetBytes(i));
                }

                return;
        }
    }

    /// <summary>Finds the codes without adding new strings (unknown strings get -1, which never matches).</summary>
    public void EncodeExisting(Column column, Span<long> codes)
    {
        if (_strings is null)
        {
            Encode(column, codes);
            return;
        }

        var s = (Utf8Column)column;
        if (s is DictionaryColumn dict)
        {
            var map = new long[dict.Dictionary.Length];
            for (var e = 0; e < map.Length; e++)
            {
                map[e] = _strings.Find(dict.Dictionary.GetBytes(e));
            }

            var c = dict.Codes;
            for (var i = 0; i < s.Length; i++)
            {
                codes[i] = c[i] < 0 ? 0 : map[c[i]];
            }

            return;
        }

        for (var i = 0; i < s.Length; i++)
        {
            codes[i] = s.IsNull(i) ? 0 : _strings.Find(s.GetBytes(i));
        }
    }

    /// <summary>The UTF-8 bytes of a string code.</summary>
    public ReadOnlySpan<byte> BytesOf(long code) => _strings![(int)code];

    /// <summary>Orders two codes as their values order (strings by ordinal bytes, floats numerically).</summary>
    public int CompareCodes(long a, long b) => _strings is not null
        ? _strings[(int)a].SequenceCompareTo(_strings[(int)b])
        : Type.Kind == TypeKind.Float64
            ? BitConverter.Int64BitsToDouble(a).CompareTo(BitConverter.Int64BitsToDouble(b))
            : a.CompareTo(b);

    /// <summary>Builds a column of this type from codes; <paramref name="isNull"/> marks null rows.</summary>
    public Column Decode(ReadOnlySpan<long> codes, ReadOnlySpan<bool> isNull)
    {
        var n = codes.Length;
        if (_strings is not null)
        {
            var b = new Utf8Builder(n, n * 8);
            for (var i = 0; i < n; i++)
            {
                if (isNull[i])
                {
                    b.AppendNull();
                }
                else
                {
                    b.Append(_strings[(int)codes[i]]);
                }
            }

            return b.Build();
        }

        var valid = new bool[n];
        for (var i = 0; i < n; i++)
        {
            valid[i] = !isNull[i];
        }

        switch (Type.Kind)
        {
            case TypeKind.Float64:
                var f = new double[n];
                for (var i = 0; i < n; i++)
                {
                    f[i] = BitConverter.Int64BitsToDouble(codes[i]);
                }

                return PrimitiveColumn<double>.Create(Type, f, valid);
            case TypeKind.Bool:
                var b = new bool[n];
                for (var i = 0; i < n; i++)
                {
                    b[i] = codes[i] != 0;
                }

                return PrimitiveColumn<bool>.Create(Type, b, valid);
            case TypeKind.Date:
                var d = new int[n];
                for (var i = 0; i < n; i++)
                {
                    d[i] = (int)codes[i];
                }

                return PrimitiveColumn<int>.Create(Type, d, valid);
            default:
                return PrimitiveColumn<long>.Create(Type, codes, valid);
        }
    }
}
