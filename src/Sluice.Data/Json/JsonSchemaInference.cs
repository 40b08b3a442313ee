using System.Text;
using System.Text.Json;
using Sluice.Data.Batches;
using Sluice.Data.Csv;

namespace Sluice.Data.Json;

/// <summary>
/// Infers column types from sampled records: numbers → int64, decimal(s) or float64 (as CSV text would be); booleans →
/// bool; strings → date or timestamp when every sample parses as one, else string; mixed kinds, nested values or only
/// nulls → string. Keys are columns in first-seen order.
/// </summary>
internal static class JsonSchemaInference
{
    public static (List<string> Names, List<DataType> Types) Infer(IEnumerable<byte[]> records)
    {
        var names = new List<string>();
        var samples = new Dictionary<string, (List<byte[]> Values, HashSet<JsonTokenType> Kinds)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            try
            {
                Collect(record, names, samples);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a \u escape that is not valid UTF-16 (see JsonObjectParser.InvalidEscape).
                // A malformed sample record is quarantined when the data is read.
            }
        }

        var types = names.Select(n => TypeOf(samples[n].Values, samples[n].Kinds)).ToList();
        return (names, types);
    }

    private static void Collect(byte[] record, List<string> names, Dictionary<string, (List<byte[]> Values, HashSet<JsonTokenType> Kinds)> samples)
    {
        var reader = new Utf8JsonReader(record);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!samples.TryGetValue(name, out var sample))
            {
                sample = ([], []);
                samples[name] = sample;
                names.Add(name);
            }

            var kind = reader.TokenType;
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                sample.Kinds.Add(JsonTokenType.StartObject);
                continue;
            }

            if (kind == JsonTokenType.Null)
            {
                continue;
            }

            sample.Kinds.Add(kind == JsonTokenType.False ? JsonTokenType.True : kind);
            sample.Values.Add(kind == JsonTokenType.String ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan.ToArray());
        }
    }

    private static DataType TypeOf(List<byte[]> values, HashSet<JsonTokenType> kinds)
    {
        if (kinds.Count != 1)
        {
            return DataType.String;
        }

        var kind = kinds.First();
        if (kind == JsonTokenType.Number)
        {
            var t = CsvSchemaInference.Infer(values);
            return t.IsNumeric ? t : DataType.Float64;
        }

        if (kind == JsonTokenType.True)
        {
            return DataType.Bool;
        }

        if (kind == JsonTokenType.String)
        {
            var t = CsvSchemaInference.Infer(values);
            return t.Kind is TypeKind.Date or TypeKind.Timestamp ? t : DataType.String;
        }

        return DataType.String;
    }
}
