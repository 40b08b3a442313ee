using System.IO.Compression;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Csv;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Tests.Csv;

public sealed class CsvSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema AllStrings = new(new Field("a", DataType.String), new Field("b", DataType.String));

    private async Task<(List<object?[]> Rows, QuarantineCollector Q, CsvSource Source)> ReadAsync(byte[] content, CsvReadOptions? options = null, string name = "t.csv")
    {
        var path = _dir.Write(name, content);
        var q = new QuarantineCollector();
        var source = CsvSource.Open(path, options ?? new CsvReadOptions { Schema = AllStrings }, q);
        return (await TestData.RowsAsync(source), q, source);
    }

    private Task<(List<object?[]> Rows, QuarantineCollector Q, CsvSource Source)> ReadAsync(string content, CsvReadOptions? options = null) =>
        ReadAsync(Encoding.UTF8.GetBytes(content), options);

    [Fact]
    public async Task Read_QuotedFieldsWithDelimitersAndDoubledQuotes_Unquotes()
    {
        var (rows, q, _) = await ReadAsync("a,b\n\"x,1\",\"say \"\"hi\"\"\"\nplain,\"\"\"\"\n");
        q.Count.ShouldBe(0);
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(["x,1", "say \"hi\""]);
        rows[1].ShouldBe(["plain", "\""]);
    }

    [Fact]
    public async Task Read_UnquotedEmptyIsNull_QuotedEmptyIsEmptyString()
    {
        var (rows, _, _) = await ReadAsync("a,b\n,\"\"\n");
        rows[0].ShouldBe([null, ""]);
    }

    [Fact]
    public async Task Read_QuotedEmptyAsNullOption_GivesNull()
    {
        var (rows, _, _) = await ReadAsync("a,b\n,\"\"\n", new CsvReadOptions { Schema = AllStrings, QuotedEmptyIsEmptyString = false });
        rows[0].ShouldBe([null, null]);
    }

    [Fact]
    public async Task Read_CrlfBomAndNoTrailingNewline_Handled()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a,b\r\n1,\"q\"\r\n2,z")).ToArray();
        var (rows, q, source) = await ReadAsync(bytes);
        source.FileColumns.ShouldBe(["a", "b"]);
        q.Count.ShouldBe(0);
        rows.Select(r => r[0]).ShouldBe(["1", "2"]);
        rows.Select(r => r[1]).ShouldBe(["q", "z"]);
    }

    [Fact]
    public async Task Read_HeaderOnlyAndEmptyFile_GiveNoRows()
    {
        (await ReadAsync("a,b\n")).Rows.ShouldBeEmpty();
        var path = _dir.Write("empty.csv", "");
        var source = CsvSource.Open(path, new CsvReadOptions { HasHeader = false });
        source.Schema.Count.ShouldBe(0);
        (await TestData.RowsAsync(source)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_RaggedRows_QuarantinedWithLineAndReason()
    {
        var (rows, q, source) = await ReadAsync("a,b\n1,2\n3\n4,5,6\n7,8\n");
        rows.Select(r => r[0]).ShouldBe(["1", "7"]);
        q.Records.Select(r => (r.Line, r.Reason, r.RawText)).ShouldBe(
        [
            (3L, "expected 2 fields, found 1", "3"),
            (4L, "expected 2 fields, found 3", "4,5,6"),
        ]);
        q.Records[0].Source.ShouldEndWith("t.csv");
        source.RecordsRead.ShouldBe(4);
        source.RecordsQuarantined.ShouldBe(2);
    }

    [Fact]
    public async Task Read_QuotedNewlines_KeepTextAndCountPhysicalLines()
    {
        var (rows, q, _) = await ReadAsync("a,b\n\"line1\nline2\",x\n1\n");
        rows[0].ShouldBe(["line1\nline2", "x"]);
        q.Records.Single().Line.ShouldBe(4);
    }

    [Fact]
    public async Task Read_QuotedNewlinesNotAllowed_QuarantinesRecord()
    {
        var (rows, q, _) = await ReadAsync("a,b\n\"line1\nline2\",x\nok,1\n", new CsvReadOptions { Schema = AllStrings, AllowQuotedNewlines = false });
        q.Records[0].Line.ShouldBe(2);
        q.Records[0].Reason.ShouldContain("line break");
        rows.ShouldContain(r => (string?)r[0] == "ok");
    }

    [Fact]
    public async Task Read_BrokenQuotingAndUnterminatedQuote_Quarantined()
    {
        var (rows, q, _) = await ReadAsync("a,b\n\"ab\"c,1\ngood,2\n\"open,3\n");
        rows.Select(r => r[0]).ShouldBe(["good"]);
        q.Records.Select(r => (r.Line, r.Reason)).ShouldBe([(2L, "unexpected text after a closing quote"), (4L, "unterminated quoted field")]);
    }

    [Fact]
    public async Task Read_InvalidUtf8_QuarantinedOthersKept()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\nok,1\n").Concat(new byte[] { (byte)'x', 0xC3, 0x28, (byte)',', (byte)'2', (byte)'\n' }).Concat(Encoding.UTF8.GetBytes("é,3\n")).ToArray();
        var (rows, q, _) = await ReadAsync(bytes);
        rows.Select(r => r[0]).ShouldBe(["ok", "é"]);
        q.Records.Single().ShouldSatisfyAllConditions(r => r.Line.ShouldBe(3), r => r.Reason.ShouldBe("invalid UTF-8"));
    }

    [Fact]
    public async Task Read_UnparseableValueUnderSchema_QuarantinedWithColumn()
    {
        var schema = new Schema(new Field("id", DataType.Int64), new Field("amount", DataType.Decimal(2)));
        var (rows, q, _) = await ReadAsync("id,amount\n1,2.50\nx,1.00\n3,1.234\n4,\n", new CsvReadOptions { Schema = schema });
        rows.ShouldBe([[1L, 2.50m], [4L, null]]);
        q.Records.Select(r => (r.Line, r.Reason)).ShouldBe(
        [
            (3L, "column 'id': cannot parse 'x' as int64"),
            (4L, "column 'amount': cannot parse '1.234' as decimal(2)"),
        ]);
    }

    [Fact]
    public async Task Read_HugeFieldLargerThanChunk_ReadWhole()
    {
        var big = new string('z', 100_000);
        var (rows, _, _) = await ReadAsync($"a,b\n1,{big}\n2,\"{big},\"\n", new CsvReadOptions { Schema = AllStrings, ChunkSize = 4096 });
        rows.Count.ShouldBe(2);
        ((string)rows[0][1]!).Length.ShouldBe(100_000);
        ((string)rows[1][1]!).Length.ShouldBe(100_001);
    }

    [Fact]
    public async Task Read_ManySmallChunksInParallel_KeepsFileOrderAndLines()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 5000; i++)
        {
            sb.Append(i).Append(i % 997 == 0 ? ",\"multi\nline\"\n" : ",v\n");
        }

        sb.Append("bad\n");
        var (rows, q, _) = await ReadAsync(sb.ToString(), new CsvReadOptions { Schema = AllStrings, ChunkSize = 256, MaxDegreeOfParallelism = 4 });
        rows.Select(r => int.Parse((string)r[0]!)).ShouldBe(Enumerable.Range(0, 5000));
        q.Records.Single().Line.ShouldBe(5000 + 1 + 1 + 6);
    }

    [Fact]
    public async Task Read_GzipByExtensionAndByMagic_Decompresses()
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes("a,b\n1,2\n"));
        }

        foreach (var name in new[] { "x.csv.gz", "x.dat" })
        {
            var path = _dir.Write(name, ms.ToArray());
            (await TestData.RowsAsync(CsvSource.Open(path, new CsvReadOptions { Schema = AllStrings }))).ShouldBe([["1", "2"]]);
        }
    }

    [Fact]
    public async Task Open_InfersTypesAndProjects()
    {
        var path = _dir.Write("i.csv", "id,price,when,day,flag,name\n1,2.50,2026-01-01T10:00:00,2026-01-02,true,x\n2,3.1,2026-01-01T11:00:00,2026-01-03,false,y\n");
        var source = CsvSource.Open(path, new CsvReadOptions { Columns = ["name", "price", "id", "when", "day", "flag"] });
        source.Schema.Fields.Select(f => f.ToString()).ShouldBe(
            ["name: string", "price: decimal(2)", "id: int64", "when: timestamp", "day: date", "flag: bool"]);
        var rows = await TestData.RowsAsync(source);
        rows[1].ShouldBe(["y", 3.10m, 2L, new DateTime(2026, 1, 1, 11, 0, 0), new DateOnly(2026, 1, 3), false]);
    }

    [Fact]
    public void Open_UnknownColumn_NamesItAndListsFileColumns()
    {
        var path = _dir.Write("u.csv", "a,b\n1,2\n");
        var ex = Should.Throw<DataException>(() => CsvSource.Open(path, new CsvReadOptions { Columns = ["a", "c"] }));
        ex.Message.ShouldContain("column 'c' is not in the file");
        ex.Message.ShouldContain("file columns: a, b");
    }

    [Theory]
    [InlineData("id,name,id\n1,a,2\n", 1, "column 3 of the header is named 'id' like column 1; column names must be unique")]
    [InlineData("id,,x\n1,a,2\n", 1, "column 2 of the header has no name")]
    [InlineData("id,name,\n1,a,\n", 1, "column 3 of the header has no name")]
    [InlineData("\n\nid,\" \",x\n1,a,2\n", 3, "column 2 of the header has no name")]
    public void Open_EmptyOrRepeatedHeaderName_NamesFileLineAndColumnWithTheFix(string content, int line, string problem)
    {
        var path = _dir.Write("h.csv", content);

        var ex = Should.Throw<DataException>(() => CsvSource.Open(path));

        ex.Message.ShouldBe($"{path}:{line}: {problem}. Fix: give every column of the header its own name, or read the file with header: false and a schema that names every column.");
    }

    [Fact]
    public async Task Open_HeaderFalseWithASchema_TheSuggestedFix_ReadsTheColumns()
    {
        var path = _dir.Write("n.csv", "1,a,2\n");
        var schema = new Schema(new Field("id", DataType.Int64), new Field("name", DataType.String), new Field("id2", DataType.Int64));

        var source = CsvSource.Open(path, new CsvReadOptions { HasHeader = false, Schema = schema });

        (await TestData.RowsAsync(source)).ShouldBe([[1L, "a", 2L]]);
    }

    [Fact]
    public async Task Read_CustomDelimiterAndEscape_Handled()
    {
        var (rows, _, _) = await ReadAsync("a;b\n\"x\\\"y\";2\n", new CsvReadOptions { Schema = AllStrings, Delimiter = ';', Escape = '\\' });
        rows.ShouldBe([["x\"y", "2"]]);
    }
}
