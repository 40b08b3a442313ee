using System.Buffers.Text;
using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Text;

/// <summary>
/// Canonical text of values: integers in plain decimal; decimals with exactly their scale (<c>1234.50</c>, <c>-0.07</c>);
/// floats in shortest round-trip form; dates <c>YYYY-MM-DD</c>; timestamps <c>YYYY-MM-DDTHH:MM:SS</c> plus
/// <c>.ffffff</c> when there is a fraction; bools <c>true</c>/<c>false</c>.
/// </summary>
internal static class Utf8Format
{
    /// <summary>The longest text any non-string value needs.</summary>
    public const int MaxValueLength = 40;

    /// <summary>Writes the value of a non-null, non-string row; returns the bytes written.</summary>
    public static int Format(Column column, int row, Span<byte> dest) => column switch
    {
        PrimitiveColumn<long> l when column.Type.Kind == TypeKind.Decimal => Decimal(l.Values[row], column.Type.Scale, dest),
        PrimitiveColumn<long> l when column.Type.Kind == TypeKind.Timestamp => Timestamp(l.Values[row], dest),
        PrimitiveColumn<long> l => Int64(l.Values[row], dest),
        PrimitiveColumn<int> d => Date(d.Values[row], dest),
        PrimitiveColumn<double> f => Float64(f.Values[row], dest),
        PrimitiveColumn<bool> b => Bool(b.Values[row], dest),
        _ => throw new ArgumentException($"Cannot format {column.Type} here.", nameof(column)),
    };

    public static int Int64(long v, Span<byte> dest)
    {
        Utf8Formatter.TryFormat(v, dest, out var n);
        return n;
    }

    public static int Decimal(long v, int scale, Span<byte> dest)
    {
        if (scale == 0)
        {
            return Int64(v, dest);
        }

        var n = 0;
        var magnitude = v < 0 ? (ulong)(-(v + 1)) + 1 : (ulong)v;
        if (v < 0)
        {
            dest[n++] = (byte)'-';
        }

        var p = (ulong)Pow10.Int64(scale);
        Utf8Formatter.TryFormat(magnitude / p, dest[n..], out var w);
        n += w;
        dest[n++] = (byte)'.';
        var frac = magnitude % p;
        for (var i = scale - 1; i >= 0; i--)
        {
            dest[n + i] = (byte)('0' + (int)(frac % 10));
            frac /= 10;
        }

        return n + scale;
    }

    public static int Float64(double v, Span<byte> dest)
    {
        v.TryFormat(dest, out var n, "R", CultureInfo.InvariantCulture);
        return n;
    }

    public static int Bool(bool v, Span<byte> dest)
    {
        var s = v ? "true"u8 : "false"u8;
        s.CopyTo(dest);
        return s.Length;
    }

    public static int Date(int days, Span<byte> dest)
    {
        var (y, m, d) = Temporal.CivilFromDays(days);
        if (y is < 0 or > 9999)
        {
            return Int64(days, dest);
        }

        Digits(y, 4, dest);
        dest[4] = (byte)'-';
        Digits(m, 2, dest[5..]);
        dest[7] = (byte)'-';
        Digits(d, 2, dest[8..]);
        return 10;
    }

    public static int Timestamp(long micros, Span<byte> dest)
    {
        var days = Temporal.FloorDiv(micros, Temporal.MicrosPerDay);
        var rest = micros - (days * Temporal.MicrosPerDay);
        var n = Date(days, dest);
        var secs = rest / Temporal.MicrosPerSecond;
        dest[n] = (byte)'T';
        Digits((int)(secs / 3600), 2, dest[(n + 1)..]);
        dest[n + 3] = (byte)':';
        Digits((int)(secs / 60 % 60), 2, dest[(n + 4)..]);
        dest[n + 6] = (byte)':';
        Digits((int)(secs % 60), 2, dest[(n + 7)..]);
        n += 9;
        var frac = rest % Temporal.MicrosPerSecond;
        if (frac != 0)
        {
            dest[n++] = (byte)'.';
            Digits((int)frac, 6, dest[n..]);
            n += 6;
        }

        return n;
    }

    private static void Digits(int v, int width, Span<byte> dest)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            dest[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
    }
}
