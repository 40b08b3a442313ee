using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// A strict strptime-like pattern: <c>%Y</c> (4 digits), <c>%m %d %H %M %S</c> (2 digits), <c>%%</c>, and literal
/// characters. Every field is fixed-width and zero-padded, the text must match the whole pattern, and the result
/// must be a real calendar date-time — so <c>2026-1-05</c>, <c>2026-02-30</c> or a trailing <c>Z</c> do not parse.
/// </summary>
internal sealed class FormatPattern
{
    private readonly (char Kind, int Offset, byte Literal)[] _parts;
    private readonly int _length;

    public FormatPattern(string format)
    {
        var parts = new List<(char, int, byte)>();
        var offset = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c > 127)
            {
                throw new DataException($"Format '{format}': only ASCII is supported.");
            }

            if (c != '%')
            {
                parts.Add(('L', offset++, (byte)c));
                continue;
            }

            if (++i == format.Length)
            {
                throw new DataException($"Format '{format}' ends with a lone '%'.");
            }

            var k = format[i];
            switch (k)
            {
                case '%':
                    parts.Add(('L', offset++, (byte)'%'));
                    break;
                case 'Y':
                    parts.Add(('Y', offset, 0));
                    offset += 4;
                    break;
                case 'm' or 'd' or 'H' or 'M' or 'S':
                    parts.Add((k, offset, 0));
                    offset += 2;
                    break;
                default:
                    throw new DataException($"Format '{format}': unsupported specifier '%{k}' (use %Y %m %d %H %M %S %%).");
            }
        }

        _parts = [.. parts];
        _length = offset;
    }

    /// <summary>Parses into microseconds since the epoch.</summary>
    public bool TryParse(ReadOnlySpan<byte> s, out long micros)
    {
        micros = 0;
        if (s.Length != _length)
        {
            return false;
        }

        int y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
        foreach (var (kind, offset, literal) in _parts)
        {
            if (kind == 'L')
            {
                if (s[offset] != literal)
                {
                    return false;
                }

                continue;
            }

            if (!Utf8Parse.TryDigits(s.Slice(offset, kind == 'Y' ? 4 : 2), out var v))
            {
                return false;
            }

            switch (kind)
            {
                case 'Y': y = v; break;
                case 'm': mo = v; break;
                case 'd': d = v; break;
                case 'H': h = v; break;
                case 'M': mi = v; break;
                default: sec = v; break;
            }
        }

        if (mo is < 1 or > 12 || d < 1 || d > Temporal.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59)
        {
            return false;
        }

        micros = (Temporal.DaysFromCivil(y, mo, d) * Temporal.MicrosPerDay) + ((h * 3600L) + (mi * 60L) + sec) * Temporal.MicrosPerSecond;
        return true;
    }
}
