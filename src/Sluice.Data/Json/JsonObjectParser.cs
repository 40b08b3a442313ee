using System.Text;
using System.Text.Json;

namespace Sluice.Data.Json;

/// <summary>
/// Appends one JSON object to a <see cref="RowBatchBuilder"/>: keys are matched to columns, other keys ignored. A flat
/// object of ASCII text is read by a scanner of its own (<c>JsonObjectParser.Flat.cs</c>); anything else, and anything
/// it doubts, by <see cref="Utf8JsonReader"/>, so both accept and reject the same records.
/// </summary>
internal sealed partial class JsonObjectParser
{
    /// <summary>The quarantine reason for a string whose <c>\u</c> escapes are not valid UTF-16.</summary>
    internal const string InvalidEscape = "malformed JSON: a string holds a \\u escape that is not valid UTF-16 (a lone surrogate such as \\uD800)";

    private readonly byte[][] _names;
    private byte[] _scratch = new byte[256];

    public JsonObjectParser(IReadOnlyList<string> columns)
    {
        _names = [.. columns.Select(static c => Encoding.UTF8.GetBytes(c))];
    }

    /// <summary>Adds the object as a row; returns null, or why the record was rejected (the row is then cancelled).</summary>
    public string? Append(ReadOnlySpan<byte> json, RowBatchBuilder builder)
    {
        if (TryAppendFlat(json, builder))
        {
            builder.EndRow();
            return null;
        }

        builder.CancelRow();
        return AppendWithReader(json, builder);
    }

    /// <summary>The record read by <see cref="Utf8JsonReader"/> only (the path for what the fast scan leaves; tests compare the two).</summary>
    internal string? AppendWithReader(ReadOnlySpan<byte> json, RowBatchBuilder builder)
    {
        try
        {
            var reason = Parse(json, builder);
            if (reason is null)
            {
                builder.EndRow();
            }
            else
            {
                builder.CancelRow();
            }

            return reason;
        }
        catch (JsonException ex)
        {
            builder.CancelRow();
            return $"malformed JSON: {ex.Message}";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader accepts an escape such as "\uD800" while reading and only refuses it when the string is
            // unescaped: a lone UTF-16 surrogate has no text to convert to.
            builder.CancelRow();
            return InvalidEscape;
        }
    }

    private string? Parse(ReadOnlySpan<byte> json, RowBatchBuilder builder)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "the record is not a JSON object";
        }

        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = Find(ref reader, next);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }

            next = column + 1;
            if (!AppendValue(ref reader, json, builder, column))
            {
                return $"key '{Encoding.UTF8.GetString(_names[column])}': {Describe(ref reader, json)} does not convert to {builder.Schema[column].Type}";
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return "unexpected content after the object";
        }

        return null;
    }

    private int Find(ref Utf8JsonReader reader, int hint)
    {
        // Keys usually come in the same order in every record: try the expected one first.
        if (hint < _names.Length && reader.ValueTextEquals(_names[hint]))
        {
            return hint;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (i != hint && reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private bool AppendValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, RowBatchBuilder builder, int column)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                builder.AppendNull(column);
                return true;
            case JsonTokenType.True:
                return builder.AppendText(column, "true"u8);
            case JsonTokenType.False:
                return builder.AppendText(column, "false"u8);
            case JsonTokenType.Number:
                return builder.AppendText(column, reader.ValueSpan);
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    return builder.AppendText(column, reader.ValueSpan, quoted: true);
                }

                if (_scratch.Length < reader.ValueSpan.Length)
                {
                    _scratch = new byte[reader.ValueSpan.Length * 2];
                }

                var n = reader.CopyString(_scratch);
                return builder.AppendText(column, _scratch.AsSpan(0, n), quoted: true);
            default:
                // A nested object or array is kept as its JSON text.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return builder.AppendText(column, json[start..(int)reader.BytesConsumed], quoted: true);
        }
    }

    private static string Describe(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        var end = Math.Min(json.Length, Math.Max(start + 1, (int)reader.BytesConsumed));
        var text = Encoding.UTF8.GetString(json[start..Math.Min(end, start + 64)]);
        return text;
    }
}
