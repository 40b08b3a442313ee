using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Json;
using Sluice.Data.Tests.Fuzz;
using Sluice.Tests.Fuzz;

namespace Sluice.Data.Tests.Json;

/// <summary>
/// The parser's fast scan of flat objects must accept and reject exactly what <see cref="System.Text.Json.Utf8JsonReader"/>
/// does, with the same values and the same reasons: every line is parsed both ways and the results compared.
/// </summary>
public sealed class JsonObjectParserTests
{
    private static readonly Schema Columns = new(
        new Field("id", DataType.Int64), new Field("name", DataType.String), new Field("amount", DataType.Float64),
        new Field("ts", DataType.Timestamp), new Field("tags", DataType.String), new Field("nested", DataType.String), new Field("ok", DataType.Bool));

    [Theory]
    [InlineData("{\"id\":1,\"name\":\"a\",\"amount\":1.5,\"ts\":\"2026-01-01T00:00:00.170Z\",\"ok\":true}")]
    [InlineData(" { \"name\" : \"a\" , \"id\" : -0 }\r")]
    [InlineData("{\"other\":[1,{\"x\":2}],\"id\":2}")]
    [InlineData("{\"id\":1,\"id\":2}")]
    [InlineData("{\"name\":\"tab\\tbed\",\"id\":3}")]
    [InlineData("{\"name\":\"ø\",\"id\":3}")]
    [InlineData("{\"na\\u006de\":\"escaped key\"}")]
    [InlineData("{\"id\":01}")]
    [InlineData("{\"id\":1.}")]
    [InlineData("{\"amount\":1e}")]
    [InlineData("{\"amount\":-1.25E+3,\"ok\":false,\"tags\":null}")]
    [InlineData("{\"id\":1} x")]
    [InlineData("{\"id\":1,}")]
    [InlineData("{\"id\":\"one\"}")]
    [InlineData("{\"id\":1")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("{\"ok\":tru}")]
    [InlineData("{\"ok\":truex}")]
    [InlineData("{\"name\":\"a\u0001b\"}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"id\":1}{\"id\":2}")]
    public void FastScan_AgreesWithTheReader(string line) => Agree(Encoding.UTF8.GetBytes(line));

    [Fact]
    public void FastScan_OnGeneratedAndBrokenRecords_AgreesWithTheReader() =>
        FuzzProperty.Check("JSON object parser", JsonGen.Case(), FuzzProperty.Cases(1_000), static c =>
        {
            foreach (var line in c.Bytes.AsSpan().Split((byte)'\n'))
            {
                var bytes = c.Bytes.AsSpan(line).ToArray();
                try
                {
                    Agree(bytes);
                }
                catch (ShouldAssertException e)
                {
                    throw new FuzzFailure($"line {Encoding.UTF8.GetString(bytes)}: {e.Message}");
                }
            }
        });

    private static void Agree(byte[] line)
    {
        var fast = new RowBatchBuilder(Columns, 16, dictionaryEncodeStrings: false);
        var slow = new RowBatchBuilder(Columns, 16, dictionaryEncodeStrings: false);
        var names = Columns.Fields.Select(static f => f.Name).ToList();

        var fastReason = new JsonObjectParser(names).Append(line, fast);
        var slowReason = new JsonObjectParser(names).AppendWithReader(line, slow);

        fastReason.ShouldBe(slowReason);
        using var a = fast.Build();
        using var b = slow.Build();
        Rows(a).ShouldBe(Rows(b));
    }

    private static List<object?[]> Rows(RecordBatch batch) =>
        [.. Enumerable.Range(0, batch.RowCount).Select(r => batch.Columns.Select(c => c.GetValue(r)).ToArray())];
}
