using System.Runtime.CompilerServices;

namespace Sluice.Data.Json;

/// <summary>
/// The fast path of <see cref="JsonObjectParser"/>: one pass over an object whose values are strings without escapes,
/// numbers, <c>true</c>, <c>false</c> or <c>null</c>, all ASCII — the shape of nearly every event line. It checks the
/// JSON grammar of everything it passes over (skipped values too) and gives up, leaving the record to
/// <see cref="System.Text.Json.Utf8JsonReader"/>, at the first byte it does not handle: an escape, a nested value,
/// a non-ASCII byte, a control character, a value that does not convert. So it accepts exactly what the reader accepts,
/// and every rejection, with its reason, comes from the reader.
/// </summary>
internal sealed partial class JsonObjectParser
{
    /// <summary>Per byte: 1 when it ends the fast scan of a string (its closing quote, or what only the reader handles: an escape, a control character, a non-ASCII byte).</summary>
    private static ReadOnlySpan<byte> StringStops =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ];

    /// <summary>Appends the values of a flat ASCII object; false when the record needs the reader (the row is then partly set).</summary>
    private bool TryAppendFlat(ReadOnlySpan<byte> json, RowBatchBuilder builder)
    {
        var i = SkipSpace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = SkipSpace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return SkipSpace(json, i + 1) == json.Length;
        }

        var next = 0;
        while (true)
        {
            if (i >= json.Length || json[i] != (byte)'"')
            {
                return false;
            }

            var keyEnd = StringEnd(json, i + 1);
            if (keyEnd < 0)
            {
                return false;
            }

            var column = Find(json[(i + 1)..keyEnd], next);
            i = SkipSpace(json, keyEnd + 1);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = SkipSpace(json, i + 1);
            if (i >= json.Length)
            {
                return false;
            }

            int end;
            switch (json[i])
            {
                case (byte)'"':
                    var stringEnd = StringEnd(json, i + 1);
                    if (stringEnd < 0 || (column >= 0 && !builder.AppendText(column, json[(i + 1)..stringEnd], quoted: true)))
                    {
                        return false;
                    }

                    end = stringEnd + 1;
                    break;
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    end = NumberEnd(json, i);
                    if (end < 0 || (column >= 0 && !builder.AppendText(column, json[i..end])))
                    {
                        return false;
                    }

                    break;
                case (byte)'t' when json[i..].StartsWith("true"u8):
                    end = i + 4;
                    if (column >= 0 && !builder.AppendText(column, "true"u8))
                    {
                        return false;
                    }

                    break;
                case (byte)'f' when json[i..].StartsWith("false"u8):
                    end = i + 5;
                    if (column >= 0 && !builder.AppendText(column, "false"u8))
                    {
                        return false;
                    }

                    break;
                case (byte)'n' when json[i..].StartsWith("null"u8):
                    end = i + 4;
                    if (column >= 0)
                    {
                        builder.AppendNull(column);
                    }

                    break;
                default:
                    return false; // a nested object or array, or not JSON
            }

            if (column >= 0)
            {
                next = column + 1;
            }

            i = SkipSpace(json, end);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)'}')
            {
                return SkipSpace(json, i + 1) == json.Length;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = SkipSpace(json, i + 1);
        }
    }

    /// <summary>The column named <paramref name="key"/> (raw bytes, no escapes), trying <paramref name="hint"/> first; -1 for none.</summary>
    private int Find(ReadOnlySpan<byte> key, int hint)
    {
        if (hint < _names.Length && key.SequenceEqual(_names[hint]))
        {
            return hint;
        }

        for (var c = 0; c < _names.Length; c++)
        {
            if (c != hint && key.SequenceEqual(_names[c]))
            {
                return c;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> json, int i) =>
        (uint)i < (uint)json.Length && json[i] > (byte)' ' ? i : SkipSpaces(json, i); // compact JSON has none

    private static int SkipSpaces(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>The index of the closing quote of a string starting at <paramref name="start"/>; -1 when it holds an escape, a control or a non-ASCII byte, or does not end.</summary>
    private static int StringEnd(ReadOnlySpan<byte> json, int start)
    {
        // Event strings are short: a byte loop beats a vectorised search's set-up.
        var stops = StringStops;
        for (var i = start; i < json.Length; i++)
        {
            if (stops[json[i]] != 0)
            {
                return json[i] == (byte)'"' ? i : -1;
            }
        }

        return -1;
    }

    /// <summary>The index after a number in JSON's grammar (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>) starting at <paramref name="i"/>; -1 when it is not one.</summary>
    private static int NumberEnd(ReadOnlySpan<byte> json, int i)
    {
        if (json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= json.Length || !IsDigit(json[i]))
        {
            return -1;
        }

        if (json[i++] != (byte)'0')
        {
            i = Digits(json, i);
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            var start = ++i;
            i = Digits(json, i);
            if (i == start)
            {
                return -1;
            }
        }

        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var start = i;
            i = Digits(json, i);
            if (i == start)
            {
                return -1;
            }
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && IsDigit(json[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
