using System.Text;
using Sluice.Bench;

namespace Sluice.Data.Tests.Execution;

public sealed class OrdersCompositionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(3000, 1, 4 << 20)]
    [InlineData(20000, 2, 4096)]
    [InlineData(20000, 3, 1 << 16)]
    public async Task OrdersEtl_DirtyData_AggCsvByteIdenticalToReference(int rows, int seed, int chunkSize)
    {
        OrdersGenerator.Write(_dir.Path, rows, seed);
        var (expectedCsv, expectedSummary) = OrdersReference.Run(_dir.Path);

        var summary = await OrdersEtl.RunAsync(_dir.Path, _dir.File("out"), chunkSize);

        var actual = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_dir.File("out/agg.csv")));
        actual.ShouldBe(expectedCsv);
        summary.ToJson().ShouldBe(expectedSummary);
        summary.RowsRejected.ShouldBeGreaterThan(0);
        summary.Anomalies.ShouldBeGreaterThan(0);
    }
}
