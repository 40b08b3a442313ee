using Sluice.Definition.Yaml;

namespace Sluice.DataActions.Tests.Validation;

/// <summary>Data-action parameters written literally are checked when the pipeline loads, each error at its file:line:col.</summary>
public sealed class LoadTimeParameterChecksTests
{
    private static List<string> Errors(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());
        result.Success.ShouldBeFalse();
        return [.. result.Errors.Select(static e => $"{e.Location}: {e.Code}: {e.Message}")];
    }

    private static void ShouldHave(List<string> errors, string location, string text) =>
        errors.ShouldContain(e => e.StartsWith(location + ": ", StringComparison.Ordinal) && e.Contains(text, StringComparison.Ordinal), string.Join("\n", errors));

    [Fact]
    public void ApplyTransformations_BadExpressionsMetricAndStep_LocatedInsideTheText()
    {
        var errors = Errors("""
            id: checks
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: in.csv
                  transformations:
                    - derive: {total: "amount * * 2"}
                    - filter: lowr(city) == 'oslo'
                    - aggregate: {by: [city], metrics: {n: "cnt(id)"}}
                    - melt: city
                    - filter: "{{ inputs.condition }}"
                    - derive: {ok: "coalesce(amount, 0) * 2"}
            """);

        errors.Count.ShouldBe(4, string.Join("\n", errors));
        ShouldHave(errors, "p.yaml:8:37", "SLU300");
        ShouldHave(errors, "p.yaml:9:19", "lowr");
        ShouldHave(errors, "p.yaml:10:48", "cnt");
        ShouldHave(errors, "p.yaml:11:11", "melt");
    }

    [Fact]
    public void AnalyzeDataQuality_UnknownMetricBadThresholdBadRegex_LocatedByTheCheckParser()
    {
        var errors = Errors("""
            id: q
            tasks:
              - id: a
                action: analyze_data_quality
                parameters:
                  data: in.csv
                  checks:
                    - "missing_precent(amount) < 1"
                    - "invalid_percent(email) < 1 valid regex '([a-z'"
                    - missing_percent(amount): {warn: "> x", fail: "> 5"}
                    - "row_count > {{ inputs.min_rows }}"
                  gates: [{metric: overal, min: 0.9}]
            """);

        errors.Count.ShouldBe(4, string.Join("\n", errors));
        ShouldHave(errors, "p.yaml:8:12", "QC001");
        ShouldHave(errors, "p.yaml:9:51", "QC003");
        ShouldHave(errors, "p.yaml:10:46", "QC002");
        ShouldHave(errors, "p.yaml:12:24", "overal");
    }

    [Fact]
    public void CleanAndStandardize_UnknownRuleAndType_Located()
    {
        var errors = Errors("""
            id: c
            tasks:
              - id: c
                action: clean_and_standardize
                parameters:
                  data: in.csv
                  cleaning_rules: {trimm: true, types: {amount: decimel(2)}, null_tokens: [NA, 1]}
            """);

        errors.Count.ShouldBe(3, string.Join("\n", errors));
        ShouldHave(errors, "p.yaml:7:24", "trimm");
        ShouldHave(errors, "p.yaml:7:53", "decimel");
        ShouldHave(errors, "p.yaml:7:79", "null_tokens");
    }

    [Fact]
    public void ValidParameters_WithTemplates_Load()
    {
        var result = PipelineLoader.Load("""
            id: ok
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: in.csv
                  transformations:
                    - filter: "amount > 0 and lower(trim(city)) in ['oslo', 'rome']"
                    - aggregate: {by: [city], metrics: {n: "count()", total: "sum(amount)"}}
                    - limit: 10
              - id: q
                action: analyze_data_quality
                parameters:
                  data: in.csv
                  checks: ["missing_percent(amount) < 1", {"duplicate_count(id)": {fail: "> 0"}}]
                  gates: [{metric: overall, min: 0.9, on_fail: warn}]
              - id: c
                action: clean_and_standardize
                parameters:
                  data: in.csv
                  cleaning_rules: {trim: true, lower: [city], types: {amount: decimal(2)}, dedupe: [id]}
            """, "p.yaml", AllActions.CreateRegistry());

        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
    }
}
