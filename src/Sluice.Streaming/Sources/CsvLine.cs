using Sluice.Data.Json;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting, <c>""</c> inside quotes) into the fields of a <see cref="RowBatchBuilder"/>
/// row. A stream reads line by line, so a quoted field cannot span lines.
/// </summary>
internal static class CsvLine
{
    public static List<string> Fields(ReadOnlySpan<byte> line)
    {
        var names = new List<string>();
        Split(line, (field, _) => names.Add(System.Text.Encoding.UTF8.GetString(field)));
        return names;
    }

    /// <summary>Appends the line's fields to the builder's columns through <paramref name="map"/> (field index → column, -1 to skip).</summary>
    /// <returns>Null, or why the line was rejected.</returns>
    public static string? Append(ReadOnlySpan<byte> line, int[] map, RowBatchBuilder builder)
    {
        var index = 0;
        string? error = null;
        Split(line, (field, quoted) =>
        {
            if (error is null && index < map.Length && map[index] >= 0 && !builder.AppendText(map[index], field, quoted))
            {
                error = $"field {index + 1} ('{System.Text.Encoding.UTF8.GetString(field)}') does not convert to the column's type";
            }

            index++;
        });
        if (error is not null)
        {
            builder.CancelRow();
            return error;
        }

        builder.EndRow();
        return null;
    }

    private delegate void FieldHandler(ReadOnlySpan<byte> field, bool quoted);

    private static void Split(ReadOnlySpan<byte> line, FieldHandler onField)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        byte[]? unquoted = null;
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == (byte)'"')
            {
                unquoted ??= new byte[line.Length];
                var n = 0;
                i++;
                while (i < line.Length)
                {
                    if (line[i] == (byte)'"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == (byte)'"')
                        {
                            unquoted[n++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    unquoted[n++] = line[i++];
                }

                onField(unquoted.AsSpan(0, n), true);
                var comma = line[i..].IndexOf((byte)',');
                if (comma < 0)
                {
                    return;
                }

                i += comma + 1;
            }
            else
            {
                var rest = line[i..];
                var comma = rest.IndexOf((byte)',');
                if (comma < 0)
                {
                    onField(rest, false);
                    return;
                }

                onField(rest[..comma], false);
                i += comma + 1;
            }
        }
    }
}
