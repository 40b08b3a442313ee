using System.Text;
using System.Text.RegularExpressions;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>The string functions. ASCII input takes byte-level fast paths; other text goes through .NET strings.</summary>
internal static class StringFunctions
{
    public static void Lower(ReadOnlySpan<byte> s, Utf8Builder output) => ChangeCase(s, output, upper: false);

    public static void Upper(ReadOnlySpan<byte> s, Utf8Builder output) => ChangeCase(s, output, upper: true);

    private static void ChangeCase(ReadOnlySpan<byte> s, Utf8Builder output, bool upper)
    {
        if (Ascii.IsValid(s))
        {
            Span<byte> buf = s.Length <= 256 ? stackalloc byte[s.Length] : new byte[s.Length];
            if (upper)
            {
                Ascii.ToUpper(s, buf, out _);
            }
            else
            {
                Ascii.ToLower(s, buf, out _);
            }

            output.Append(buf);
            return;
        }

        var text = Encoding.UTF8.GetString(s);
        output.Append(Encoding.UTF8.GetBytes(upper ? text.ToUpperInvariant() : text.ToLowerInvariant()));
    }

    /// <summary>Removes leading and trailing U+0020 spaces (SQL TRIM), nothing else.</summary>
    public static StringTransform Trim(bool start, bool end) => (s, output) =>
    {
        if (start)
        {
            s = s.TrimStart((byte)' ');
        }

        if (end)
        {
            s = s.TrimEnd((byte)' ');
        }

        output.Append(s);
    };

    /// <summary>Number of characters (Unicode scalar values).</summary>
    public static bool Length(ReadOnlySpan<byte> s, out long value)
    {
        var n = 0L;
        foreach (var b in s)
        {
            if ((b & 0xC0) != 0x80)
            {
                n++;
            }
        }

        value = n;
        return true;
    }

    /// <summary>SQL substr: 1-based start (characters), optional length; out-of-range parts are clipped.</summary>
    public static StringTransform Substring(long start, long? length) => (s, output) =>
    {
        var from = Math.Max(start, 1) - 1;
        var count = length is { } l ? Math.Max(0, l - Math.Max(0, 1 - start)) : long.MaxValue;
        var a = CharOffset(s, from);
        var rest = s[a..];
        var b = count >= rest.Length ? rest.Length : CharOffset(rest, count);
        output.Append(rest[..b]);
    };

    private static int CharOffset(ReadOnlySpan<byte> s, long chars)
    {
        if (chars >= s.Length && Ascii.IsValid(s))
        {
            return s.Length;
        }

        var seen = 0L;
        for (var i = 0; i < s.Length; i++)
        {
            if ((s[i] & 0xC0) != 0x80)
            {
                if (seen == chars)
                {
                    return i;
                }

                seen++;
            }
        }

        return s.Length;
    }

    public static StringTransform Replace(byte[] from, byte[] to) => (s, output) =>
    {
        if (from.Length == 0 || s.IndexOf(from) < 0)
        {
            output.Append(s);
            return;
        }

        var buf = new List<byte>(s.Length + 16);
        while (true)
        {
            var i = s.IndexOf(from);
            if (i < 0)
            {
                buf.AddRange(s);
                break;
            }

            buf.AddRange(s[..i]);
            buf.AddRange(to);
            s = s[(i + from.Length)..];
        }

        output.Append(buf.ToArray());
    };

    /// <summary>True when the pattern matches anywhere in the string (anchor with ^…$). Bounded by a 1 s match timeout.</summary>
    public static StringToValue<bool> RegexMatch(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return (ReadOnlySpan<byte> s, out bool value) =>
        {
            value = regex.IsMatch(Encoding.UTF8.GetString(s));
            return true;
        };
    }

    public static StringToValue<bool> Contains(byte[] needle, int mode) => (ReadOnlySpan<byte> s, out bool value) =>
    {
        value = mode switch
        {
            0 => s.IndexOf(needle) >= 0,
            1 => s.StartsWith(needle),
            _ => s.EndsWith(needle),
        };
        return true;
    };
}
