using Sluice.Definition.Yaml;

namespace Sluice.DataActions.Tests.Quality;

/// <summary>Schemas written inline in a pipeline are checked when the pipeline loads, with file:line:col.</summary>
public sealed class QualityLoadTimeValidationTests
{
    [Fact]
    public void InlineSchema_WithBadRegexAndUnknownDateDirective_FailsAtLoadWithPositions()
    {
        var yaml = """
            id: schema_check
            tasks:
              - id: validate
                action: validate_data_schema
                parameters:
                  data: orders.csv
                  schema:
                    email: {type: string, pattern: "([a-z"}
                    day: {type: date, format: "%Y-%Q-%d"}
            """;
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());
        result.Success.ShouldBeFalse();
        var errors = result.Errors.ToList();
        errors.Count.ShouldBe(2, string.Join("\n", errors));
        errors.ShouldContain(d => d.Location.Line == 8 && d.Message.Contains("pattern", StringComparison.OrdinalIgnoreCase), string.Join("\n", errors));
        errors.ShouldContain(d => d.Location.Line == 9 && d.Message.Contains("%Q", StringComparison.Ordinal), string.Join("\n", errors));
        errors.ShouldAllBe(d => d.Location.File == "p.yaml");
    }

    [Fact]
    public void InlineSchema_Valid_Loads()
    {
        var yaml = """
            id: schema_ok
            tasks:
              - id: validate
                action: validate_data_schema
                parameters:
                  data: orders.csv
                  schema:
                    id: {type: integer, nullable: false}
                    value: {type: numeric, min: 0}
                    date: {type: date, format: "%Y-%m-%d"}
            """;
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
    }
}
