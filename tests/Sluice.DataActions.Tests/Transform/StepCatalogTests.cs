using Sluice.Definition.Schema;
using Sluice.DataActions.Transform;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>`sluice schema` and `sluice actions` read the step kinds and function names from the planner's own lists.</summary>
public sealed class StepCatalogTests
{
    [Fact]
    public void JsonSchema_DescribesEveryStepKindAndFunction()
    {
        var schema = PipelineJsonSchema.Generate(AllActions.CreateRegistry());
        foreach (var name in StepPlanner.Kinds.Concat(MetricParser.Names).Concat(WindowParser.Names))
        {
            schema.ShouldContain(name);
        }

        schema.ShouldContain("window, pivot, unpivot, union, distinct, sample, explode");
        schema.ShouldContain("regr_r2");
        schema.ShouldContain("dense_rank");
    }
}
