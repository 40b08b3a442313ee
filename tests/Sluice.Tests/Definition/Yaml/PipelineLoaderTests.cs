using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;

namespace Sluice.Tests.Definition.Yaml;

public class PipelineLoaderTests
{
    private const string Full = """
        id: orders_etl
        name: Orders ETL
        version: 1.0
        metadata: {description: Nightly orders, author: Data Team, tags: [etl, orders], owner: ops}
        inputs:
          mode: {type: string, enum: [batch, streaming], default: batch, description: How to run}
          limit: 500
          ratio: 0.5
          dry_run: false
          when: {type: timestamp, required: true}
        models:
          analyzer: {provider: openai, model: gpt-4, temperature: 0.1}
        context: {chunk_size: 10000, label: "10", nothing: ~, empty: }
        defaults: {retries: 2, retry_delay: 5s, backoff: linear, max_retry_delay: 5m, timeout: 1h, max_active_tasks: 4}
        sla: {max_duration: 2h}
        tasks:
          - id: extract
            name: Extract
            action: extract
            parameters:
              source: 'orders.csv'
              limit: 10
              sensitivity: <AUTO>Pick from the data</AUTO>
              ignore_errors: true
            outputs: rows
            retries: 3
            timeout: PT5M
            priority: -1
            pool: io
            model: analyzer
          - id: load
            action: load
            dependencies: extract
            parallel: false
            max_workers: 4
            trigger_rule: all_done
            backoff: constant
            parameters: {data: orders.parquet, batch: 5}
        """;

    [Fact]
    public void Load_MaxActiveRuns_IsRead()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: 2
            tasks:
              - id: a
                action: load
                parameters: {data: x}
            """);
        result.ShouldSucceed();
        result.Definition!.MaxActiveRuns.ShouldBe(2);
    }

    [Fact]
    public void Load_MaxActiveRunsZero_IsLocatedError()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: 0
            tasks:
              - id: a
                action: load
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.OutOfRange, 2, 18, "max_active_runs");
    }

    [Fact]
    public void Load_MaxActiveRunsWithOnLimitSkip_IsRead()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: {limit: 1, on_limit: skip}
            tasks:
              - id: a
                action: load
                parameters: {data: x}
            """);
        result.ShouldSucceed();
        result.Definition!.MaxActiveRuns.ShouldBe(1);
        result.Definition.MaxActiveRunsOnLimit.ShouldBe(RunLimitAction.Skip);
    }

    [Fact]
    public void Load_MaxActiveRunsAsANumber_Queues()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: 3
            tasks:
              - id: a
                action: load
                parameters: {data: x}
            """);
        result.ShouldSucceed();
        result.Definition!.MaxActiveRunsOnLimit.ShouldBe(RunLimitAction.Queue);
    }

    [Fact]
    public void Load_MaxActiveRunsOnLimitUnknown_IsLocatedErrorWithSuggestion()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: {limit: 1, on_limit: skipp}
            tasks:
              - id: a
                action: load
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.InvalidValue, 2, 39, "'max_active_runs.on_limit' cannot be 'skipp'").Hint.ShouldNotBeNull().ShouldContain("skip");
    }

    [Fact]
    public void Load_MaxActiveRunsMappingWithoutLimit_IsLocatedError()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: {on_limit: skip}
            tasks:
              - id: a
                action: load
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.MissingKey, 2, 18, "has no 'limit'");
    }

    [Fact]
    public void Load_MaxActiveRunsLimitZero_IsLocatedError()
    {
        var result = DefinitionAssert.Load("""
            id: p
            max_active_runs: {limit: 0, on_limit: skip}
            tasks:
              - id: a
                action: load
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.OutOfRange, 2, 26, "max_active_runs.limit");
    }

    [Fact]
    public void Load_Concurrency_IsReadWithLimitOneByDefault()
    {
        var result = DefinitionAssert.Load("""
            id: p
            inputs: {customer: acme}
            concurrency: {key: "{{ inputs.customer }}"}
            tasks:
              - id: a
                action: load
                parameters: {data: x}
            """);
        result.ShouldSucceed();
        result.Definition!.Concurrency.ShouldBe(new ConcurrencySettings("{{ inputs.customer }}", 1));
    }

    [Fact]
    public void Load_ConcurrencyKeyReadingATask_IsLocatedError()
    {
        var result = DefinitionAssert.Load("""
            id: p
            concurrency: {key: "{{ a.value }}", limit: 2}
            tasks:
              - id: a
                action: load
                parameters: {data: x}
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.UnknownReference, 2, 24, "can read only inputs");
    }

    [Fact]
    public void Load_ConcurrencyWithoutKeyOrWithLimitZero_IsLocatedError()
    {
        DefinitionAssert.Load("""
            id: p
            concurrency: {limit: 2}
            tasks:
              - id: a
                action: load
            """).HasDiagnostic(DiagnosticCodes.MissingKey, 2, 14, "no 'key'");
        DefinitionAssert.Load("""
            id: p
            concurrency: {key: x, limit: 0}
            tasks:
              - id: a
                action: load
            """).HasDiagnostic(DiagnosticCodes.OutOfRange, 2, 30, "concurrency.limit");
    }

    [Fact]
    public void Load_FullPipeline_ReadsEveryKey()
    {
        var result = DefinitionAssert.Load(Full);
        result.ShouldSucceed();
        var d = result.Definition!;
        d.Id.ShouldBe("orders_etl");
        d.Name.ShouldBe("Orders ETL");
        d.Version.ShouldBe("1.0");
        d.Metadata.Tags.ShouldBe(["etl", "orders"]);
        d.Metadata.Extra["owner"].ShouldBe("ops");
        d.Inputs.Select(i => (i.Name, i.Type)).ShouldBe([("mode", InputType.String), ("limit", InputType.Integer), ("ratio", InputType.Number), ("dry_run", InputType.Bool), ("when", InputType.Timestamp)]);
        d.Inputs[0].Enum.ShouldBe(["batch", "streaming"]);
        d.Inputs[1].Default.ShouldBe(500L);
        d.Inputs[4].Required.ShouldBeTrue();
        d.Models.Single().Settings["temperature"].ShouldBe(0.1);
        d.Defaults.ShouldBe(new TaskPolicy(2, TimeSpan.FromSeconds(5), BackoffKind.Linear, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        d.MaxActiveTasks.ShouldBe(4);
        d.SlaMaxDuration.ShouldBe(TimeSpan.FromHours(2));
        var extract = d.Tasks[0];
        extract.Parameters["source"].ShouldBe("orders.csv");
        extract.Parameters["limit"].ShouldBe(10L);
        extract.Parameters["sensitivity"].ShouldBe(new AutoValue("Pick from the data"));
        extract.Parameters["ignore_errors"].ShouldBe(true);
        extract.Outputs.ShouldBe(["rows"]);
        extract.Policy.Retries.ShouldBe(3);
        extract.Policy.Timeout.ShouldBe(TimeSpan.FromMinutes(5));
        (extract.Priority, extract.Pool, extract.Model).ShouldBe((-1, "io", "analyzer"));
        var load = d.Tasks[1];
        load.Dependencies.ShouldBe(["extract"]);
        load.Parallel.ShouldBeFalse();
        load.MaxWorkers.ShouldBe(4L);
        load.TriggerRule.ShouldBe(TriggerRule.AllDone);
        load.Policy.Backoff.ShouldBe(BackoffKind.Constant);
    }

    [Fact]
    public void Load_Scalars_FollowSluiceTypingRules()
    {
        var context = DefinitionAssert.Load(Full).Definition!.Context;
        context["chunk_size"].ShouldBe(10000L);
        context["label"].ShouldBe("10");
        context["nothing"].ShouldBeNull();
        context.ContainsKey("empty").ShouldBeTrue();
        context["empty"].ShouldBeNull();
    }

    [Fact]
    public void Load_SourceMap_RecordsPathsWithLineAndColumn()
    {
        var source = DefinitionAssert.Load(Full).Definition!.Source;
        source.File.ShouldBe(DefinitionAssert.File);
        source["tasks[1]"].ShouldBe(new(DefinitionAssert.File, 31, 5));
        source["tasks[0].parameters.source"].ShouldBe(new(DefinitionAssert.File, 21, 15));
        source["tasks[0].parameters.source#key"].ShouldBe(new(DefinitionAssert.File, 21, 7));
        source["inputs.mode"].ShouldBe(new(DefinitionAssert.File, 6, 9));
        source["inputs.mode.enum[1]"].ShouldBe(new(DefinitionAssert.File, 6, 38));
        source["defaults.retry_delay"].ShouldBe(new(DefinitionAssert.File, 14, 37));
        source["tasks[1].parameters.nothing_here"].ShouldBe(source["tasks[1].parameters"]);
    }

    [Fact]
    public void Load_QuotedScalar_RecordsWhereItsTextStarts()
    {
        var source = DefinitionAssert.Load(Full).Definition!.Source;
        source.TryGetExact("tasks[0].parameters.source#value", out var text).ShouldBeTrue();
        text.ShouldBe(new(DefinitionAssert.File, 21, 16));
    }

    [Fact]
    public void Load_ValidPipeline_HashIsStableAndIgnoresFormatting()
    {
        var a = DefinitionAssert.Load(Full);
        var b = DefinitionAssert.Load(Full.Replace("retries: 3", "retries:   3   # three", StringComparison.Ordinal));
        a.ContentHash.Length.ShouldBe(64);
        b.ContentHash.ShouldBe(a.ContentHash);
        DefinitionAssert.Load(Full.Replace("retries: 3", "retries: 4", StringComparison.Ordinal)).ContentHash.ShouldNotBe(a.ContentHash);
    }

    [Theory]
    [InlineData("id: p\nnmae: x\ntasks: []\n", 2, 1, "unknown key 'nmae' in the pipeline", "did you mean 'name'?")]
    [InlineData("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n    retires: 2\n", 6, 5, "unknown key 'retires' in task 'a'", "did you mean 'retries'?")]
    [InlineData("id: p\ninputs:\n  x: {type: string, defualt: a}\ntasks: []\n", 3, 21, "unknown key 'defualt' in input 'x'", "did you mean 'default'?")]
    [InlineData("id: p\ndefaults: {retris: 2}\ntasks: []\n", 2, 12, "unknown key 'retris' in 'defaults'", "did you mean 'retries'?")]
    [InlineData("id: p\nsla: {duration: 1h}\ntasks: []\n", 2, 7, "unknown key 'duration' in 'sla'", "valid keys: done_by, max_duration, timezone")]
    [InlineData("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n    zzz: 1\n", 6, 5, "unknown key 'zzz' in task 'a'", "valid keys: action, backoff,")]
    public void Load_UnknownKey_ReportsItWithHint(string yaml, int line, int column, string message, string hint)
    {
        var result = DefinitionAssert.Load(yaml);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.UnknownKey, line, column, message).Hint.ShouldNotBeNull().ShouldStartWith(hint);
    }

    [Theory]
    [InlineData("id: p\ntasks: {a: 1}\n", 2, 8, "'tasks' must be a list")]
    [InlineData("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n    retries: three\n", 6, 14, "'retries' of task 'a' must be a whole number, but is the text 'three'")]
    [InlineData("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n    parallel: maybe\n", 6, 15, "'parallel' of task 'a' must be true or false")]
    [InlineData("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: [ls]\n", 5, 17, "'parameters' of task 'a' must be a mapping")]
    [InlineData("id: p\ntasks:\n  - just a string\n", 3, 5, "task 1 must be a mapping")]
    public void Load_WrongYamlType_ReportsIt(string yaml, int line, int column, string message)
    {
        var result = DefinitionAssert.Load(yaml);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.WrongType, line, column, message);
    }

    [Fact]
    public void Load_TaskSla_SetsMaxDurationAndChangesTheHash_OnlyWhenSet()
    {
        const string yaml = "id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n";
        var without = DefinitionAssert.Load(yaml);
        var with = DefinitionAssert.Load(yaml + "    sla: {max_duration: 10m}\n");
        with.Definition.ShouldNotBeNull().Tasks[0].SlaMaxDuration.ShouldBe(TimeSpan.FromMinutes(10));
        without.Definition.ShouldNotBeNull().Tasks[0].SlaMaxDuration.ShouldBeNull();
        with.ContentHash.ShouldNotBe(without.ContentHash);
    }

    [Theory]
    [InlineData("    sla: {max_duration: soon}\n", DiagnosticCodes.BadDuration, 6, 25, "'sla.max_duration' of task 'a' is not a valid duration: 'soon'")]
    [InlineData("    sla: {max: 1h}\n", DiagnosticCodes.UnknownKey, 6, 11, "unknown key 'max' in 'sla' of task 'a'")]
    [InlineData("    sla: {max_duration: 0s}\n", DiagnosticCodes.BadDuration, 6, 25, "sla.max_duration of task 'a' must be more than zero, was 0s")]
    [InlineData("    sla: {done_by: \"06:00\"}\n", DiagnosticCodes.UnknownKey, 6, 11, "unknown key 'done_by' in 'sla' of task 'a'")]
    [InlineData("    sla: 10m\n", DiagnosticCodes.WrongType, 6, 10, "'sla' of task 'a' must be a mapping")]
    public void Load_BadTaskSla_ReportsItWhereItIs(string slaLine, string code, int line, int column, string message)
    {
        var result = DefinitionAssert.Load("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters: {command: ls}\n" + slaLine);
        result.ShouldFail();
        result.HasDiagnostic(code, line, column, message);
    }

    [Fact]
    public void Load_SlaDoneBy_SetsTimeAndZone_UtcByDefault()
    {
        var paris = DefinitionAssert.Load("id: p\nsla: {done_by: \"06:00\", timezone: Europe/Paris}\ntasks: []\n");
        paris.Definition.ShouldNotBeNull().SlaDoneBy.ShouldBe(new SlaDoneBy(new TimeOnly(6, 0), "Europe/Paris"));
        var utc = DefinitionAssert.Load("id: p\nsla: {done_by: \"23:30\"}\ntasks: []\n");
        utc.Definition.ShouldNotBeNull().SlaDoneBy.ShouldBe(new SlaDoneBy(new TimeOnly(23, 30), "UTC"));
        utc.ContentHash.ShouldNotBe(paris.ContentHash);
    }

    [Theory]
    [InlineData("sla: {done_by: \"6am\"}", DiagnosticCodes.InvalidValue, 2, 16, "'sla.done_by' must be a time of day as HH:MM, was '6am'")]
    [InlineData("sla: {done_by: \"06:00\", timezone: Mars/Olympus}", DiagnosticCodes.InvalidValue, 2, 35, "'sla.timezone' is not a known time zone: 'Mars/Olympus'")]
    [InlineData("sla: {timezone: UTC}", DiagnosticCodes.InvalidValue, 2, 17, "'sla.timezone' is given without 'sla.done_by'")]
    public void Load_BadSlaDoneBy_ReportsItWhereItIs(string sla, string code, int line, int column, string message)
    {
        var result = DefinitionAssert.Load("id: p\n" + sla + "\ntasks: []\n");
        result.ShouldFail();
        result.HasDiagnostic(code, line, column, message);
    }

    [Fact]
    public void Load_BadDuration_ReportsPreciseError()
    {
        var result = DefinitionAssert.Load("id: p\ndefaults: {timeout: 5 mins}\ntasks: []\n");
        result.HasDiagnostic(DiagnosticCodes.BadDuration, 2, 21, "'defaults.timeout' is not a valid duration: '5 mins': unknown unit 'mins'");
    }

    [Fact]
    public void Load_BlockScalarTemplate_RecordsTheFirstContentLine()
    {
        var result = DefinitionAssert.Load("id: p\ntasks:\n  - id: a\n    action: shell\n    parameters:\n      command: |\n        echo hi\n        echo there\n");
        result.ShouldSucceed();
        result.Definition!.Tasks[0].Parameters["command"].ShouldBe("echo hi\necho there\n");
        result.Definition.Source.TryGetExact("tasks[0].parameters.command#value", out var origin).ShouldBeTrue();
        origin.ShouldBe(new(DefinitionAssert.File, 7, 9));
    }

    [Fact]
    public void LoadFile_MissingFile_ReturnsDiagnostic()
    {
        var result = PipelineLoader.LoadFile(Path.Combine(Path.GetTempPath(), "sluice-no-such-file.yaml"), TestActions.Registry());
        result.ShouldFail();
        result.Diagnostics.Single().Message.ShouldStartWith("cannot read the pipeline file");
    }

    [Fact]
    public void LoadFile_ExistingFile_UsesThePathInLocations()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "id: p\ntasks:\n  - id: a\n    action: nope\n");
        try
        {
            var result = PipelineLoader.LoadFile(path, TestActions.Registry());
            result.Diagnostics.Single().Location.ShouldBe(new(path, 4, 13));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToVersion_FileRewrittenAfterLoading_StoresTheTextThatWasHashed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-{Guid.NewGuid():N}.yaml");
        const string original = "id: p\ntasks:\n  - id: a\n    action: noop\n";
        File.WriteAllText(path, original);
        try
        {
            var loaded = PipelineLoader.LoadFile(path, Sluice.Actions.BuiltIn.BuiltInActions.CreateRegistry());
            // The file changes between loading and storing the version (an editor saving, a deploy).
            File.WriteAllText(path, "id: p\ntasks:\n  - id: b\n    action: noop\n");

            var version = loaded.ToVersion(path, DateTimeOffset.UnixEpoch);

            version.SourceText.ShouldBe(original);
            version.Hash.ShouldBe(loaded.ContentHash);
            PipelineLoader.Load(version.SourceText, path, Sluice.Actions.BuiltIn.BuiltInActions.CreateRegistry()).ContentHash.ShouldBe(version.Hash);
            PipelineLoader.LoadFile(path, Sluice.Actions.BuiltIn.BuiltInActions.CreateRegistry()).ContentHash.ShouldNotBe(version.Hash);
            (version.PipelineId, version.SourcePath).ShouldBe(("p", path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToVersion_LoadFailed_Throws()
    {
        var loaded = PipelineLoader.Load("id: p\ntasks: 3\n", "p.yaml", Sluice.Actions.BuiltIn.BuiltInActions.CreateRegistry());
        loaded.Success.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => loaded.ToVersion(null, DateTimeOffset.UnixEpoch));
    }
}
