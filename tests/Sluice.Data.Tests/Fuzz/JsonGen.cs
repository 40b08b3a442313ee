using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sluice.Data.Json;
using Sluice.Tests.Fuzz;

namespace Sluice.Data.Tests.Fuzz;

/// <summary>A JSON fuzz case: the file's bytes, its layout and the rows per batch.</summary>
public sealed record JsonCase(byte[] Bytes, JsonFormat Format, int BatchRows, int SampleRows)
{
    public override string ToString() =>
        $"{Format}, batch {BatchRows}, sample {SampleRows}, file ({Bytes.Length} bytes):\n{Encoding.UTF8.GetString(Bytes)}";
}

/// <summary>
/// Generators of JSON tables: records with random keys and nested values (objects, arrays, huge and odd numbers,
/// escapes), in JSON Lines or array layout, then edited or truncated; and random bytes.
/// </summary>
internal static class JsonGen
{
    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "null", "true", "1e999", "-", "\n", "\r\n", "\uFEFF", "/*", "//"];

    private static readonly string[] Scalars =
    [
        "0", "1", "-1", "1.5", "-0.0", "1e5", "1e308", "1e999", "-1e999", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "0.1e-400", "true", "false", "null", "\"\"", "\"abc\"", "\"ø\"", "\"\\u00e9\"", "\"\\uD800\"",
        "\"\\n\\t\\\"\"", "\"2026-12-07\"", "\"2026-12-07T10:00:00Z\"", "\"2026-02-30\"", "\"1\"", "\"NaN\"", "NaN", "01", ".5", "+1", "'x'", "\"\\x41\"",
    ];

    public static Gen<JsonCase> Case() =>
        from format in Gen.Elements(JsonFormat.Lines, JsonFormat.Array)
        from records in Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Record(), n))
        from edits in Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Choose(1, 4)))
        from text in Mutate(Render(records, format), edits)
        from raw in Gen.Frequency((12, Gen.Constant<string?>(null)), (1, Mutations.RandomText(200).Select(static t => (string?)t)))
        from batch in Gen.Elements(1, 2, 7, 65536)
        from sample in Gen.Elements(1, 3, 1000)
        select new JsonCase(Encoding.UTF8.GetBytes(raw ?? text), format, batch, sample);

    private static Gen<string> Mutate(string text, int edits) =>
        edits == 0 ? Gen.Constant(text) : Mutations.Of([text], Tokens, maxEdits: edits);

    private static string Render(string[] records, JsonFormat format) =>
        format == JsonFormat.Lines ? string.Join("\n", records) : $"[{string.Join(",\n", records)}]";

    private static Gen<string> Record() =>
        Gen.Frequency(
            (8, from keys in Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements("id", "name", "amount", "ts", "tags", "nested", "", "id", "ø"), n))
                from values in Gen.ArrayOf(Value(2), keys.Length)
                select "{" + string.Join(", ", keys.Zip(values, static (k, v) => $"\"{k}\": {v}")) + "}"),
            (1, Value(2)));

    private static Gen<string> Value(int depth)
    {
        var scalar = Gen.Frequency((4, Gen.Elements(Scalars)), (2, Gen.Choose(-100000, 100000).Select(static i => i.ToString(CultureInfo.InvariantCulture))));
        if (depth == 0)
        {
            return scalar;
        }
        var sub = Value(depth - 1);
        return Gen.Frequency(
            (6, scalar),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(sub, n)).Select(static a => $"[{string.Join(", ", a)}]")),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(sub, n)).Select(static a => "{" + string.Join(", ", a.Select(static (v, i) => $"\"k{i}\": {v}")) + "}")));
    }
}
