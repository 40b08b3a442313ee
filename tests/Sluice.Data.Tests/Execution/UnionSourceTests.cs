using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Tests.Parquet;

namespace Sluice.Data.Tests.Execution;

public sealed class UnionSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    private CsvSource Csv(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return CsvSource.Open(path, new CsvReadOptions());
    }

    [DuckDbFact]
    public async Task Union_OfReorderedAndWidenedFiles_MatchesDuckDbUnionByName()
    {
        var a = Csv("a.csv", "id,amount,city\n1,10,Oslo\n2,,Rome\n");
        var b = Csv("b.csv", "city,id,amount\nLima,3,1.25\nKyiv,4,-7.5\n");
        var c = Csv("c.csv", "amount,city,id\n1e3,Nuuk,5\n");

        var union = UnionSource.Create([("a.csv", a), ("b.csv", b), ("c.csv", c)]);
        var rows = await TestData.RowsAsync(union);

        // int64, decimal(2) and float64 amounts widen to float64; the columns keep the first file's order.
        union.Schema.ToString().ShouldBe(new Schema(new Field("id", DataType.Int64), new Field("amount", DataType.Float64), new Field("city", DataType.String)).ToString());
        var files = string.Join(", ", new[] { "a.csv", "b.csv", "c.csv" }.Select(f => DuckDb.Literal(Path.Combine(_dir.Path, f))));
        var expected = DuckDb.Query($"SELECT id::INTEGER AS id, amount::DOUBLE AS amount, city FROM read_csv([{files}], union_by_name = true) ORDER BY id");
        rows.Count.ShouldBe(expected.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][0].ShouldBe(expected[i].GetProperty("id").GetInt64());
            var amount = expected[i].GetProperty("amount");
            rows[i][1].ShouldBe(amount.ValueKind == System.Text.Json.JsonValueKind.Null ? null : amount.GetDouble());
            rows[i][2].ShouldBe(expected[i].GetProperty("city").GetString());
        }

        string.Join(",", rows.Select(static r => Convert.ToString(r[0], CultureInfo.InvariantCulture))).ShouldBe("1,2,3,4,5");
    }

    [Fact]
    public void Union_WithAMissingColumn_NamesTheFileAndTheColumns()
    {
        var a = Csv("a.csv", "id,amount\n1,10\n");
        var b = Csv("b.csv", "id\n2\n");

        var ex = Should.Throw<DataException>(() => UnionSource.Create([("a.csv", a), ("b.csv", b)]));

        ex.Message.ShouldBe("the datasets of a list must have the same columns (by name): b.csv lacks the column 'amount' (columns of a.csv: id, amount); select or rename columns so they agree");
    }

    [Theory]
    [InlineData("int64", "decimal(2)", "decimal(2)")]
    [InlineData("decimal(1)", "decimal(3)", "decimal(3)")]
    [InlineData("decimal(2)", "float64", "float64")]
    [InlineData("date", "timestamp", "timestamp")]
    [InlineData("string", "int64", null)]
    [InlineData("bool", "int64", null)]
    public void Widen_FollowsTheDocumentedRules(string a, string b, string? expected) =>
        (UnionSource.Widen(DataType.TryParse(a)!, DataType.TryParse(b)!)?.ToString()).ShouldBe(expected);

    public void Dispose() => _dir.Dispose();
}
