using Sluice.Data.Batches;
using Sluice.DataActions.IO;
using Sluice.DataActions.Schemas;
using Sluice.State;

namespace Sluice.DataActions.Tests.Schemas;

/// <summary>
/// Each data action's schema function through the propagation walk: the schemas it declares from literal files and
/// upstream outputs, the column errors it reports at the YAML node, and the tasks it cannot check before the run.
/// </summary>
public sealed class StaticSchemasTests : IAsyncDisposable
{
    private readonly DataPipelineHarness _h = new();

    public StaticSchemasTests()
    {
        _h.Write("orders.csv", "id,region,amount,name\n1,north,10.5,a\n2,south,3,b\n");
        _h.Write("regions.csv", "region,manager\nnorth,x\nsouth,y\n");
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private SchemaCheckResult Check(string yaml) => StaticSchemas.Check(_h.Load(yaml), _h.Actions, new DatasetReader(new TableProviders()));

    /// <summary>The file:line:col of the first occurrence of <paramref name="needle"/> in <paramref name="yaml"/> (as loaded, with $ROOT replaced).</summary>
    private string At(string yaml, string needle)
    {
        var lines = yaml.Replace("$ROOT", _h.Root, StringComparison.Ordinal).Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        line.ShouldBeGreaterThanOrEqualTo(0, needle);
        return $"pipeline.yaml:{line + 1}:{lines[line].IndexOf(needle, StringComparison.Ordinal) + 1}";
    }

    private static string Columns(Schema schema) => string.Join(", ", schema.Fields.Select(static f => f.Name));

    [Fact]
    public void Ingest_LiteralCsv_DeclaresItsHeaderWithInferredTypes()
    {
        var result = Check("""
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldBeEmpty();
        var schema = result.Outputs["ingest.raw_data"];
        Columns(schema).ShouldBe("id, region, amount, name");
        schema[2].Type.IsNumeric.ShouldBeTrue();
        schema[1].Type.Kind.ShouldBe(TypeKind.String);
    }

    [Fact]
    public void Ingest_SchemaAndColumns_TypeAndKeepColumns_AndAnUnknownKeptColumnIsLocated()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: $ROOT/orders.csv
                  schema: {amount: decimal(2)}
                  columns: [amount, regoin, id]
            """;
        var result = Check(Yaml);

        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Location.ToString().ShouldBe(At(Yaml, "regoin"));
        error.Message.ShouldBe("unknown column 'regoin'");
        error.Hint.ShouldBe("did you mean 'region'?");
        var schema = result.Outputs["ingest.raw_data"];
        Columns(schema).ShouldBe("amount, id");
        schema[0].Type.ShouldBe(DataType.Decimal(2));
    }

    [Fact]
    public void Transform_FromUpstream_DeclaresTheSchemaAfterEveryStep()
    {
        var result = Check("""
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
              - id: shape
                action: apply_transformations
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  transformations:
                    - derive: {double: "amount * 2", label: "upper(region)"}
                    - join: {with: $ROOT/regions.csv, on: region}
                    - aggregate: {by: [manager], metrics: {total: sum(double), n: count()}}
                    - rename: {manager: boss}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldBeEmpty();
        var schema = result.Outputs["shape.transformed_data"];
        Columns(schema).ShouldBe("boss, total, n");
        schema[0].Type.Kind.ShouldBe(TypeKind.String);
        schema[2].Type.ShouldBe(DataType.Int64);
    }

    [Fact]
    public void Transform_UpstreamOutputWithColumns_DeclaresTheProjection_AndAnUnknownColumnIsLocated()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
              - id: pick
                action: apply_transformations
                dependencies: [ingest]
                parameters:
                  data: {path: "{{ ingest.raw_data }}", columns: [amount, id]}
              - id: typo
                action: apply_transformations
                dependencies: [ingest]
                parameters:
                  data: {path: "{{ ingest.raw_data }}", columns: [amount, regoin]}
            """;
        var result = Check(Yaml);

        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Location.ToString().ShouldBe(At(Yaml, "regoin"));
        error.Message.ShouldBe("unknown column 'regoin'");
        error.Hint.ShouldBe("did you mean 'region'?");
        result.Unchecked.ShouldBeEmpty();
        Columns(result.Outputs["pick.transformed_data"]).ShouldBe("amount, id");
    }

    [Fact]
    public void Transform_ColumnTypos_InEveryStepKind_AreLocatedWithSuggestions()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: shape
                action: apply_transformations
                parameters:
                  data: $ROOT/orders.csv
                  transformations:
                    - derive: {double: "amout * 2"}
                    - select: [id, regon, amount, name]
                    - sort: ["-amont"]
                    - join: {with: $ROOT/regions.csv, left_on: [region], right_on: [regin]}
                    - aggregate: {by: [nmae], metrics: {total: sum(amount)}}
                    - rename: {reigon: area}
            """;
        var result = Check(Yaml);

        result.Diagnostics.Select(static d => $"{d.Location}: {d.Message}").ShouldBe(
        [
            $"{At(Yaml, "amout * 2")}: unknown column 'amout' (did you mean 'amount'?)",
            $"{At(Yaml, "regon")}: unknown column 'regon' (did you mean 'region'?)",
            $"{At(Yaml, "-amont")}: unknown column 'amont' (did you mean 'amount'?)",
            $"{At(Yaml, "regin]")}: unknown column 'regin' (did you mean 'region'?)",
            $"{At(Yaml, "nmae")}: unknown column 'nmae' (did you mean 'name'?)",
            $"{At(Yaml, "reigon")}: unknown column 'reigon' (did you mean 'region'?)",
        ]);
        result.Outputs.ContainsKey("shape.transformed_data").ShouldBeFalse();
    }

    [Fact]
    public void Transform_AggregateOfAStringColumn_IsAnErrorAtTheMetric()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: shape
                action: apply_transformations
                parameters:
                  data: $ROOT/orders.csv
                  transformations:
                    - aggregate: {by: [region], metrics: {total: sum(amount), names: "mean(name)"}}
            """;
        var result = Check(Yaml);

        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Location.ToString().ShouldBe(At(Yaml, "mean(name)"));
        error.Message.ShouldContain("mean(name)");
        error.Message.ShouldContain("needs numbers, got string");
    }

    [Fact]
    public void Transform_TypeErrorInAnExpression_IsLocatedAtTheOffendingPart()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: shape
                action: apply_transformations
                parameters:
                  data: $ROOT/orders.csv
                  transformations:
                    - filter: "amount > 1 and region - 2 > 0"
            """;
        var error = Check(Yaml).Diagnostics.ShouldHaveSingleItem();

        error.Location.ToString().ShouldBe(At(Yaml, "- 2 > 0")); // at the operator whose operands do not fit
        error.Message.ShouldContain("needs numbers");
    }

    [Fact]
    public void Quality_ChecksOfAnUpstreamOutput_AreCheckedAgainstItsColumns()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
              - id: quality
                action: analyze_data_quality
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  checks: ["missing_percent(amout) < 1", "row_count > 0"]
            """;
        var result = Check(Yaml);

        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Location.ToString().ShouldBe(At(Yaml, "amout) < 1"));
        error.Hint.ShouldBe("did you mean 'amount'?");
        result.Unchecked.ShouldBeEmpty();
    }

    [Fact]
    public void SchemasKnownOnlyAtRunTime_NameTheTaskAndTheReason()
    {
        var result = Check("""
            id: p
            inputs:
              path: {type: string, default: x.csv}
            tasks:
              - id: fetch
                action: shell
                parameters: {command: "echo hi"}
              - id: from_input
                action: apply_transformations
                parameters:
                  data: "{{ inputs.path }}"
                  transformations: [{select: [a]}]
              - id: from_shell
                action: analyze_data_quality
                dependencies: [fetch]
                parameters:
                  data: "{{ fetch.stdout }}"
                  checks: ["row_count > 0"]
              - id: not_yet
                action: ingest_from_sources
                parameters: {source: $ROOT/missing.csv}
              - id: validate
                action: validate_data_schema
                parameters: {sources: [$ROOT/orders.csv], schema: {id: {type: integer}}}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.Select(static u => u.TaskId).ShouldBe(["from_input", "from_shell", "not_yet", "validate"]);
        result.Unchecked[0].Reason.ShouldBe("'data' is computed at run time ({{ inputs.path }})");
        result.Unchecked[1].Reason.ShouldContain("task 'fetch' (action 'shell')");
        result.Unchecked[2].Reason.ShouldContain("missing.csv' does not exist yet");
        result.Unchecked[3].Reason.ShouldBe("'sources' are validated one by one when the task runs");
    }

    [Fact]
    public void Transform_ATemplateInsideAStep_IsLeftToTaskStart_NotReported()
    {
        var result = Check("""
            id: p
            inputs:
              expr: {type: string, default: "amount * 2"}
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: $ROOT/orders.csv
                  transformations:
                    - derive: {x: "{{ inputs.expr }}"}
                    - select: [nope]
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldHaveSingleItem().Reason.ShouldBe("a step is computed at run time");
    }

    [Fact]
    public async Task AtTaskStart_AColumnTypoUnknownBeforeTheRun_FailsWithTheSameMessage()
    {
        const string Yaml = """
            id: p
            inputs:
              path: {type: string}
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: "{{ inputs.path }}"
                  transformations:
                    - sort: [region, "-amont"]
            """;
        var definition = _h.Load(Yaml);
        StaticSchemas.Check(definition, _h.Actions, new DatasetReader(new TableProviders())).Unchecked.ShouldHaveSingleItem().TaskId.ShouldBe("t");

        var outcome = await _h.RunAsync(definition, new Dictionary<string, object?> { ["path"] = _h.File("orders.csv") });

        outcome.State.ShouldBe(RunState.Failed);
        (await _h.ErrorOfAsync(outcome, "t")).ShouldContain("t.parameters.transformations[0].sort[1]:1:1: unknown column 'amont' (did you mean 'amount'?)");
        var known = Check(Yaml.Replace("\"{{ inputs.path }}\"", "$ROOT/orders.csv", StringComparison.Ordinal)).Diagnostics.ShouldHaveSingleItem();
        known.Message.ShouldBe("unknown column 'amont' (did you mean 'amount'?)");
    }

    [Fact]
    public void Clean_DeclaresTypedColumnsAndOutlierFlags_AndLocatesColumnTyposInItsRules()
    {
        const string Good = """
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
              - id: clean
                action: clean_and_standardize
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  cleaning_rules: {trim: [region, name], types: {id: int64, amount: decimal(2)}, dedupe: [id]}
                  outlier_detection: true
            """;
        var result = Check(Good);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldBeEmpty();
        var schema = result.Outputs["clean.cleaned_data"];
        Columns(schema).ShouldBe("id, region, amount, name, amount_outlier");
        schema[2].Type.ShouldBe(DataType.Decimal(2));
        schema[4].Type.Kind.ShouldBe(TypeKind.Bool);

        const string Bad = """
            id: p
            tasks:
              - id: clean
                action: clean_and_standardize
                parameters:
                  data: $ROOT/orders.csv
                  cleaning_rules:
                    trim: [region, nmae]
                    types: {amout: float64}
                    dedupe: regoin
            """;
        var errors = Check(Bad).Diagnostics.Select(static d => $"{d.Location}: {d.Message} ({d.Hint})").ToList();
        errors.ShouldBe(
        [
            $"{At(Bad, "nmae")}: unknown column 'nmae' (did you mean 'name'?)",
            $"{At(Bad, "regoin")}: unknown column 'regoin' (did you mean 'region'?)",
            $"{At(Bad, "amout")}: unknown column 'amout' (did you mean 'amount'?)",
        ]);
    }

    [Fact]
    public async Task Clean_AtTaskStart_AColumnTypoFailsTheTaskInsteadOfBeingIgnored()
    {
        const string Yaml = """
            id: p
            inputs:
              path: {type: string}
            tasks:
              - id: clean
                action: clean_and_standardize
                parameters:
                  data: "{{ inputs.path }}"
                  cleaning_rules: {trim: [region, nmae]}
            """;
        var outcome = await _h.RunAsync(_h.Load(Yaml), new Dictionary<string, object?> { ["path"] = _h.File("orders.csv") });

        outcome.State.ShouldBe(RunState.Failed);
        (await _h.ErrorOfAsync(outcome, "clean")).ShouldContain("cleaning_rules.trim[1]: unknown column 'nmae' (did you mean 'name'?)");
    }

    [Fact]
    public void Anomalies_DeclareScoreAndFlagColumns_AndLocateUnknownOrTextFeatureColumns()
    {
        var result = Check("""
            id: p
            tasks:
              - id: scan
                action: run_anomaly_detection
                parameters: {data: $ROOT/orders.csv, method: zscore}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldBeEmpty();
        Columns(result.Outputs["scan.anomalies"]).ShouldBe("id, region, amount, name, anomaly_score");
        Columns(result.Outputs["scan.anomaly_scores"]).ShouldBe("id, region, amount, name, anomaly_score, is_anomaly");
        Columns(result.Outputs["scan.normal_data"]).ShouldBe("id, region, amount, name");

        const string Bad = """
            id: p
            tasks:
              - id: scan
                action: run_anomaly_detection
                parameters:
                  data: $ROOT/orders.csv
                  columns: [amount, name, amout]
                  group_by: [regoin]
            """;
        Check(Bad).Diagnostics.Select(static d => $"{d.Location}: {d.Message}").ShouldBe(
        [
            $"{At(Bad, "regoin]")}: unknown column 'regoin'",
            $"{At(Bad, "name, amout")}: column 'name' is string; anomaly detection needs int64, float64 or decimal columns",
            $"{At(Bad, "amout]")}: unknown column 'amout'",
        ]);
    }

    [Fact]
    public void Export_PartitionAndMergeKeyColumns_AreCheckedAgainstTheData()
    {
        const string Yaml = """
            id: p
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: $ROOT/orders.csv}
              - id: export
                action: export_to_targets
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  partitioning: [regio]
                  targets:
                    - {path: out/a.csv}
                    - {path: out/b.parquet, mode: merge, key: [idd]}
            """;
        var result = Check(Yaml);

        result.Diagnostics.Select(static d => $"{d.Location}: {d.Message} ({d.Hint})").ShouldBe(
        [
            $"{At(Yaml, "regio]")}: unknown column 'regio' (did you mean 'region'?)",
            $"{At(Yaml, "idd]")}: unknown column 'idd' (did you mean 'id'?)",
        ]);
        result.Unchecked.ShouldBeEmpty();
    }

    [Fact]
    public void Features_DeclareTheirColumns_LocateColumnProblemsPerSpec_AndLeaveOneHotToTheRun()
    {
        var result = Check("""
            id: p
            tasks:
              - id: features
                action: engineer_features
                parameters:
                  data: $ROOT/orders.csv
                  features:
                    - {scale: amount, method: minmax}
                    - {lag: amount, by: region, order_by: id, periods: 2}
                    - {frequency: region}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Unchecked.ShouldBeEmpty();
        Columns(result.Outputs["features.feature_data"]).ShouldBe("id, region, amount, name, amount_minmax, amount_lag2, region_freq");

        const string Bad = """
            id: p
            tasks:
              - id: features
                action: engineer_features
                parameters:
                  data: $ROOT/orders.csv
                  features:
                    - {scale: amuont}
                    - {bin: name, bins: 3}
            """;
        Check(Bad).Diagnostics.Select(static d => $"{d.Location}: {d.Message}").ShouldBe(
        [
            $"{At(Bad, "amuont")}: StandardScale of 'amuont': the column 'amuont' is not in the data (columns: id, region, amount, name)",
            $"{At(Bad, "name, bins")}: Bin of 'name': needs a numeric column, but 'name' is string",
        ]);

        var oneHot = Check("""
            id: p
            tasks:
              - id: features
                action: engineer_features
                parameters:
                  data: $ROOT/orders.csv
                  features: [{one_hot: region}]
            """);
        oneHot.Diagnostics.ShouldBeEmpty();
        oneHot.Unchecked.ShouldHaveSingleItem().Reason.ShouldBe("one-hot columns are named after the data's most frequent values");
    }

    [Fact]
    public void ValidateSchema_PassesTheColumnsOn_AndAMissingRequiredColumnIsAnErrorAtItsEntry()
    {
        var result = Check("""
            id: p
            tasks:
              - id: validate
                action: validate_data_schema
                parameters:
                  data: $ROOT/orders.csv
                  schema: {id: {type: integer, nullable: false}, amount: {type: numeric, min: 0}}
            """);
        result.Diagnostics.ShouldBeEmpty();
        Columns(result.Outputs["validate.valid_data"]).ShouldBe("id, region, amount, name");

        const string Bad = """
            id: p
            tasks:
              - id: validate
                action: validate_data_schema
                parameters:
                  data: $ROOT/orders.csv
                  schema:
                    amout: {type: numeric, nullable: false}
            """;
        var error = Check(Bad).Diagnostics.ShouldHaveSingleItem();
        error.Location.ToString().ShouldBe(At(Bad, "amout"));
        error.Message.ShouldBe("the required column 'amout' is not in the data");
        error.Hint.ShouldBe("did you mean 'amount'?");
    }
}
