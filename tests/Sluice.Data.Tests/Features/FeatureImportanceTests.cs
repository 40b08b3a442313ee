using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Features;

namespace Sluice.Data.Tests.Features;

public sealed class FeatureImportanceTests
{
    private static Table Data()
    {
        var schema = new Schema(new Field("y", DataType.Float64), new Field("same", DataType.Float64), new Field("neg", DataType.Int64),
            new Field("flat", DataType.Float64), new Field("half", DataType.Float64));
        return new Table(schema, [new RecordBatch(schema, [
            ColumnFactory.Float64(1, 2, 3, 4),
            ColumnFactory.Float64(2, 4, 6, 8),
            ColumnFactory.Int64(4, 3, 2, 1),
            ColumnFactory.Float64(7, 7, 7, null),
            ColumnFactory.Float64(1, 2, 2, 1)], 4)]);
    }

    [Fact]
    public async Task Correlation_IsAbsolutePearson_ConstantIsZero()
    {
        using var data = Data();
        var scores = await FeatureImportance.ComputeAsync(data, "y", ImportanceMethod.Correlation);
        scores.Select(s => s.Feature).ShouldBe(["neg", "same", "flat", "half"]);
        scores[0].Score.ShouldBe(1, 1e-12);
        scores[1].Score.ShouldBe(1, 1e-12);
        scores.Single(s => s.Feature == "half").Score.ShouldBe(0, 1e-12); // x − x̄ = −½ ½ ½ −½ against y − ȳ = −1.5 −.5 .5 1.5 → Σ = 0
        scores.Single(s => s.Feature == "flat").Rows.ShouldBe(3);
    }

    [Fact]
    public async Task MutualInformation_DeterminedFeatureIsLn4_HalfIsLn2()
    {
        using var data = Data();
        var scores = (await FeatureImportance.ComputeAsync(data, "y", ImportanceMethod.MutualInformation)).ToDictionary(s => s.Feature, s => s.Score);
        scores["same"].ShouldBe(Math.Log(4), 1e-12); // four distinct bins each way, one-to-one
        scores["half"].ShouldBe(Math.Log(2), 1e-12); // x's two bins each hold two y bins: H(X) = ln 2
        scores["flat"].ShouldBe(0, 1e-12);
    }

    [Fact]
    public async Task UnknownTarget_Throws()
    {
        using var data = Data();
        await Should.ThrowAsync<DataException>(() => FeatureImportance.ComputeAsync(data, "nope", ImportanceMethod.Correlation));
    }
}
