using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>Task outputs as stored: a JSON object of output name → value.</summary>
internal static class OutputJson
{
    public static string Serialize(IReadOnlyDictionary<string, object?> outputs)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in outputs)
            {
                w.WritePropertyName(name);
                ExprValues.ToJson(w, value);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyDictionary<string, object?>? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = ExprValues.FromJson(p.Value);
        }
        return result;
    }
}
