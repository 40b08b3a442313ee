using System.Globalization;
using Sluice.Data.Batches;

namespace Sluice.Data.Profiling;

/// <summary>Turning the sketches into a <see cref="ColumnProfile"/>.</summary>
internal sealed partial class ColumnProfiler
{
    public ColumnProfile Complete()
    {
        var numeric = _field.Type.IsNumeric;
        return new ColumnProfile
        {
            Name = _field.Name,
            Type = _field.Type.ToString(),
            Rows = _rows,
            Nulls = _nulls,
            Distinct = _overflow ? Math.Max(_hll.Estimate(), _counts.Count) : _counts.Count,
            DistinctIsExact = !_overflow,
            Min = _n == 0 ? null : Show(_min, _minText),
            Max = _n == 0 ? null : Show(_max, _maxText),
            Mean = numeric && _n > 0 ? _mean : null,
            Std = numeric && _n > 1 ? Math.Sqrt(Math.Max(0, _m2) / (_n - 1)) : null,
            Quantiles = numeric && _n > 0 ? Quantiles() : [],
            QuantilesAreExact = _sampled <= _sample.Length,
            TopValues = [.. _counts
                .OrderByDescending(static kv => kv.Value)
                .ThenBy(kv => _labels[kv.Key], StringComparer.Ordinal)
                .Take(_options.TopValues)
                .Select(kv => new ValueCount(_labels[kv.Key], kv.Value))],
        };
    }

    private List<QuantileValue> Quantiles()
    {
        var n = (int)Math.Min(_sampled, _sample.Length);
        var sorted = _sample.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        return [.. _options.Quantiles.Select(p => new QuantileValue(p, Interpolate(sorted, p)))];
    }

    /// <summary>Linear interpolation between closest ranks: position p·(n − 1), as pandas' and NumPy's default.</summary>
    internal static double Interpolate(double[] sorted, double p)
    {
        var position = Math.Clamp(p, 0, 1) * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = (int)Math.Ceiling(position);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (position - lo));
    }

    private string Show(double value, byte[]? text) => _field.Type.Kind switch
    {
        TypeKind.String => Utf8(text),
        TypeKind.Int64 => ((long)value).ToString(CultureInfo.InvariantCulture),
        TypeKind.Bool => value != 0 ? "true" : "false",
        TypeKind.Date => DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(value)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TypeKind.Timestamp => DateTime.UnixEpoch.AddTicks((long)value * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
