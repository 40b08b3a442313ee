using Sluice.Data.Json;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Tests.Json;

public sealed class JsonSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    /// <summary>Found by the fuzz suite: "\uD800" (a lone surrogate) escaped the reader as a raw InvalidOperationException.</summary>
    [Theory]
    [InlineData(JsonFormat.Lines, "{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"bad \\uD800\"}\n{\"id\": 3, \"name\": \"c\"}\n")]
    [InlineData(JsonFormat.Array, "[{\"id\": 1, \"name\": \"a\"},\n{\"id\": 2, \"name\": \"bad \\uD800\"},\n{\"id\": 3, \"name\": \"c\"}]")]
    public async Task LoneSurrogateEscape_QuarantinesTheRecordWithItsLine(JsonFormat format, string json)
    {
        var path = _dir.Write("data.json", json);
        var quarantine = new QuarantineCollector();

        var rows = await TestData.RowsAsync(JsonSource.Open(path, format, new JsonReadOptions { InferenceSampleRows = 1 }, quarantine));

        rows.Select(static r => r[0]).ShouldBe([1L, 3L]);
        var q = quarantine.Records.ShouldHaveSingleItem();
        q.Line.ShouldBe(2);
        q.Reason.ShouldContain("not valid UTF-16");
    }

    [Fact]
    public async Task LoneSurrogateEscape_InTheInferenceSample_DoesNotStopInference()
    {
        var path = _dir.Write("data.json", "{\"id\": 1, \"name\": \"\\uDC00\"}\n{\"id\": 2, \"name\": \"b\"}\n");
        var quarantine = new QuarantineCollector();

        var source = JsonSource.Open(path, JsonFormat.Lines, quarantine: quarantine);
        var rows = await TestData.RowsAsync(source);

        source.Schema.Fields.Select(static f => f.Name).ShouldBe(["id", "name"]);
        rows.ShouldHaveSingleItem()[1].ShouldBe("b");
        quarantine.Records.ShouldHaveSingleItem().Line.ShouldBe(1);
    }

    public void Dispose() => _dir.Dispose();
}
