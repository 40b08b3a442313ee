using Sluice.Testing.Checks;

namespace Sluice.Testing.Tests.Checks;

public sealed class RowDiffTests
{
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, object?>> Actual =
        [Row(("region", "east"), ("revenue", 42.50m)), Row(("region", "north"), ("revenue", 12.5m))];

    [Fact]
    public void SameRows_ListedColumnsOnly_NumbersByValue_NoDifference() =>
        RowDiff.Compare([Row(("region", "east"), ("revenue", 42.5)), Row(("revenue", 12.50))], Actual, anyOrder: false).ShouldBeEmpty();

    [Fact]
    public void Ordered_SaysWhichCellDiffers_AndWhatIsMissing()
    {
        var diff = RowDiff.Compare([Row(("region", "east")), Row(("region", "south")), Row(("region", "west"))], Actual, anyOrder: false);

        diff.ShouldBe(["~ row 2: region: expected south, got north", "- missing row 3: {region: west}", "expected 3 rows, got 2"]);
    }

    [Fact]
    public void AnyOrder_MatchesRegardlessOfOrder_AndListsTheUnmatched()
    {
        RowDiff.Compare([Row(("region", "north")), Row(("region", "east"))], Actual, anyOrder: true).ShouldBeEmpty();

        var diff = RowDiff.Compare([Row(("region", "north"))], Actual, anyOrder: true);

        diff.ShouldBe(["+ unexpected row 1: {region: east}", "expected 1 rows, got 2"]);
    }

    private static Dictionary<string, object?> Row(params (string Name, object? Value)[] cells) =>
        cells.ToDictionary(static c => c.Name, static c => c.Value, StringComparer.Ordinal);
}
