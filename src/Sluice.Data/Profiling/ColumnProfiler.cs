using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Profiling;

/// <summary>Streams one column's values into bounded sketches (see <see cref="ProfileOptions"/>). Not thread-safe.</summary>
internal sealed partial class ColumnProfiler
{
    private readonly Field _field;
    private readonly ProfileOptions _options;
    private readonly Dictionary<ulong, long> _counts = [];
    private readonly Dictionary<ulong, string> _labels = [];
    private readonly HyperLogLog _hll = new();
    private readonly double[] _sample;
    private readonly double _decimalDivisor;
    private long _rows;
    private long _nulls;
    private bool _overflow;
    private long _n;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _sampled;
    private ulong _rng = 0x2545F4914F6CDD1DUL;
    private byte[]? _minText;
    private byte[]? _maxText;

    public ColumnProfiler(Field field, ProfileOptions options)
    {
        _field = field;
        _options = options;
        _sample = field.Type.IsNumeric ? new double[Math.Max(1, options.QuantileCap)] : [];
        _decimalDivisor = Math.Pow(10, field.Type.Scale);
    }

    public void Add(Column column)
    {
        _rows += column.Length;
        _nulls += column.NullCount;
        switch (column)
        {
            case Utf8Column text:
                for (var r = 0; r < text.Length; r++)
                {
                    if (!text.IsNull(r))
                    {
                        AddText(text, r);
                    }
                }

                break;
            case PrimitiveColumn<double> doubles:
                var dv = doubles.Values;
                for (var r = 0; r < dv.Length; r++)
                {
                    if (!doubles.IsNull(r))
                    {
                        var x = dv[r] == 0 ? 0.0 : dv[r];
                        Count(ByteHash.Hash(BitConverter.DoubleToInt64Bits(x)), column, r);
                        AddNumber(x);
                    }
                }

                break;
            case PrimitiveColumn<long> longs:
                var lv = longs.Values;
                for (var r = 0; r < lv.Length; r++)
                {
                    if (!longs.IsNull(r))
                    {
                        Count(ByteHash.Hash(lv[r]), column, r);
                        AddLong(lv[r]);
                    }
                }

                break;
            case PrimitiveColumn<int> days:
                var iv = days.Values;
                for (var r = 0; r < iv.Length; r++)
                {
                    if (!days.IsNull(r))
                    {
                        Count(ByteHash.Hash(iv[r]), column, r);
                        MinMax(iv[r]);
                    }
                }

                break;
            case PrimitiveColumn<bool> bools:
                var bv = bools.Values;
                for (var r = 0; r < bv.Length; r++)
                {
                    if (!bools.IsNull(r))
                    {
                        Count(bv[r] ? 1UL : 2UL, column, r);
                        MinMax(bv[r] ? 1 : 0);
                    }
                }

                break;
        }
    }

    private void AddLong(long v)
    {
        if (_field.Type.Kind == TypeKind.Timestamp)
        {
            MinMax(v);
        }
        else
        {
            AddNumber(_field.Type.Kind == TypeKind.Decimal ? v / _decimalDivisor : v);
        }
    }

    private void MinMax(double v)
    {
        _n++;
        _min = Math.Min(_min, v);
        _max = Math.Max(_max, v);
    }

    private void AddNumber(double x)
    {
        MinMax(x);
        var delta = x - _mean;
        _mean += delta / _n;
        _m2 += delta * (x - _mean);
        if (_sampled < _sample.Length)
        {
            _sample[_sampled] = x;
        }
        else
        {
            // Algorithm R: the i-th value replaces a random slot with probability cap / i.
            var j = (long)(NextRandom() % (ulong)(_sampled + 1));
            if (j < _sample.Length)
            {
                _sample[j] = x;
            }
        }

        _sampled++;
    }

    private void AddText(Utf8Column text, int row)
    {
        var bytes = text.GetBytes(row);
        _n++;
        if (_minText is null || bytes.SequenceCompareTo(_minText) < 0)
        {
            _minText = bytes.ToArray();
        }

        if (_maxText is null || bytes.SequenceCompareTo(_maxText) > 0)
        {
            _maxText = bytes.ToArray();
        }

        Count(ByteHash.Hash(bytes), text, row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(ulong hash, Column column, int row)
    {
        _hll.Add(hash);
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, hash);
        if (!Unsafe.IsNullRef(ref slot))
        {
            slot++;
        }
        else if (_counts.Count < _options.DistinctCap)
        {
            _counts[hash] = 1;
            _labels[hash] = Label(column, row);
        }
        else
        {
            _overflow = true;
        }
    }

    private ulong NextRandom()
    {
        // SplitMix64: deterministic, so a profile of the same file is the same every time.
        var z = _rng += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static string Label(Column column, int row) => column.GetValue(row) switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string Utf8(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);
}
