using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Expressions;

/// <summary>JSON conversion, used to persist outputs and by the <c>json</c>/<c>from_json</c> functions.</summary>
public static partial class ExprValues
{
    private static readonly JsonWriterOptions CompactOptions = new()
    {
        // The text is data, not HTML: keep non-ASCII characters and quotes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Converts JSON to an expression value: objects become maps, arrays lists; a number written without a
    /// fraction or exponent that fits in 64 bits becomes <see cref="long"/>, any other number <see cref="double"/>.
    /// </summary>
    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when Datasets.DatasetRef.IsTagged(element):
                return Datasets.DatasetRef.FromJson(element);
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = FromJson(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new object?[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    list[i++] = FromJson(item);
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return ReadNumber(element);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>
    /// Writes a value as JSON. Floats keep a fraction (<c>2.0</c>) so that they read back as floats; NaN and
    /// infinities are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>; opaque objects as
    /// their <see cref="ToText"/> string.
    /// </summary>
    /// <exception cref="ExpressionException">The value is nested more than <see cref="ExpressionLimits.MaxValueDepth"/> levels deep.</exception>
    public static void ToJson(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteJson(writer, value, 0);
    }

    /// <summary>The value as compact JSON text.</summary>
    /// <exception cref="ExpressionException">The value is nested more than <see cref="ExpressionLimits.MaxValueDepth"/> levels deep.</exception>
    public static string ToJsonText(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            WriteJson(writer, value, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The text a value interpolates as (<see cref="ToText"/>), or null as soon as it would exceed
    /// <paramref name="maxBytes"/> UTF-8 bytes: a list or map is written until the bound and never built whole.
    /// </summary>
    internal static string? ToTextWithin(object? value, int maxBytes)
    {
        if (value is not (IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>))
        {
            var text = ToText(value);
            return text.Length > maxBytes ? null : text;
        }
        var buffer = new BoundedBufferWriter(maxBytes);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
            {
                WriteJson(writer, value, 0);
            }
        }
        catch (BoundedBufferWriter.FullException)
        {
            return null;
        }
        return buffer.Length > maxBytes ? null : Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static object ReadNumber(JsonElement element)
    {
        var raw = element.GetRawText();
        var isWhole = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        return isWhole && element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value, int depth)
    {
        CheckDepth(depth);
        switch (Normalize(value))
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteDouble(writer, d); break;
            case string s: writer.WriteStringValue(s); break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Count; i++)
                {
                    WriteJson(writer, list[i], depth + 1);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IJsonValue custom: custom.WriteJson(writer); break;
            case var other: writer.WriteStringValue(ToText(other)); break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteRawValue(FormatDouble(value), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
