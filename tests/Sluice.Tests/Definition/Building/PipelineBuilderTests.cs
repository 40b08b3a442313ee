using Sluice.Actions;
using Sluice.Definition;
using Sluice.Definition.Building;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition.Building;

public class PipelineBuilderTests
{
    private const string Yaml = """
        id: customer_etl
        name: Customer ETL
        version: "2"
        metadata: {description: Loads customers, tags: [etl]}
        inputs:
          mode: {type: string, enum: [batch, streaming], default: batch}
        context: {chunk_size: 500, source: "{{ inputs.mode }}.csv"}
        triggers:
          - {type: cron, cron: "0 2 * * *", timezone: UTC}
        defaults: {retries: 2, retry_delay: 5s, backoff: exponential, timeout: 1h}
        tasks:
          - id: extract
            action: extract
            parameters: {source: "{{ context.source }}", limit: 100, sensitivity: <AUTO>guess</AUTO>}
            outputs: [rows]
            retries: 3
            timeout: 30m
          - id: load
            action: load
            dependencies: [extract]
            condition: "inputs.mode == 'batch'"
            for_each: "{{ extract.rows }}"
            max_workers: 4
            parameters: {data: "{{ item }}", mode: append}
        """;

    private static PipelineBuilder Equivalent() => Pipeline.Create("customer_etl")
        .Name("Customer ETL")
        .Version("2")
        .Description("Loads customers")
        .Tags("etl")
        .Input("mode", InputType.String, "batch", allowedValues: ["batch", "streaming"])
        .Context("chunk_size", 500)
        .Context("source", "{{ inputs.mode }}.csv")
        .Schedule("0 2 * * *", "UTC")
        .Defaults(retries: 2, retryDelay: TimeSpan.FromSeconds(5), backoff: BackoffKind.Exponential, timeout: TimeSpan.FromHours(1))
        .Task("extract", "extract", t => t
            .Parameter("source", "{{ context.source }}")
            .Parameter("limit", 100)
            .Parameter("sensitivity", new AutoValue("guess"))
            .Outputs("rows")
            .Retries(3)
            .Timeout(TimeSpan.FromMinutes(30)))
        .Task("load", "load", t => t
            .DependsOn("extract")
            .Condition("inputs.mode == 'batch'")
            .ForEach("{{ extract.rows }}")
            .MaxWorkers(4)
            .Parameter("data", "{{ item }}")
            .Parameter("mode", "append"));

    [Fact]
    public void Build_EquivalentToYaml_HasTheSameCanonicalJsonAndHash()
    {
        var loaded = DefinitionAssert.Load(Yaml);
        loaded.ShouldSucceed();
        var built = Equivalent().Build(TestActions.Registry());

        DefinitionCanonicalizer.ToCanonicalJson(built).ShouldBe(DefinitionCanonicalizer.ToCanonicalJson(loaded.Definition!));
        DefinitionCanonicalizer.ComputeHash(built).ShouldBe(loaded.ContentHash);
    }

    [Fact]
    public void ToDefinition_DifferentRetries_ChangesTheHash()
    {
        var a = Equivalent().ToDefinition();
        var b = Equivalent().Task("extra", "shell", t => t.Parameter("command", "ls")).ToDefinition();
        DefinitionCanonicalizer.ComputeHash(a).ShouldNotBe(DefinitionCanonicalizer.ComputeHash(b));
    }

    [Fact]
    public void Build_Delegates_BecomeInlineActionsNamedAfterTheTask()
    {
        var definition = Pipeline.Create("customer_etl")
            .Schedule("0 2 * * *")
            .Task("extract", Extract)
            .Task("transform", Transform, dependsOn: "extract")
            .Build(new ActionRegistry());

        definition.Tasks.Select(t => t.Action).ShouldBe(["csharp:extract", "csharp:transform"]);
        definition.Tasks[1].Dependencies.ShouldBe(["extract"]);
        definition.InlineActions.Keys.ShouldBe(["csharp:extract", "csharp:transform"], ignoreOrder: true);
        var action = definition.InlineActions["csharp:extract"];
        action.ShouldBeOfType<DelegateAction>();
        action.Descriptor.AllowsExtraParameters.ShouldBeTrue();
        action.Descriptor.AllowsExtraOutputs.ShouldBeTrue();
    }

    [Fact]
    public async Task DelegateAction_ReturningOutputs_ProducesThem()
    {
        var definition = Pipeline.Create("p").Task("extract", Extract).Build(new ActionRegistry());
        var result = await definition.InlineActions["csharp:extract"].ExecuteAsync(Context("extract"), CancellationToken.None);
        result.Outputs["rows"].ShouldBe(3L);
    }

    [Fact]
    public async Task DelegateAction_WithoutOutputs_RunsAndReturnsEmpty()
    {
        var ran = 0;
        var definition = Pipeline.Create("p").Task("side_effect", (_, _) => { ran++; return Task.CompletedTask; }).Build(new ActionRegistry());
        var result = await definition.InlineActions["csharp:side_effect"].ExecuteAsync(Context("side_effect"), CancellationToken.None);
        ran.ShouldBe(1);
        result.Outputs.ShouldBeEmpty();
    }

    [Fact]
    public void Build_InvalidDefinition_ThrowsWithEveryDiagnostic()
    {
        var builder = Pipeline.Create("Customer ETL")
            .Schedule("0 2 * *", "Nowhere/City")
            .Task("extract", "extrac")
            .Task("load", "load", t => t.DependsOn("extract", "missing").Retries(-1))
            .Task("load", "shell", t => t.Parameter("command", "ls"));

        var e = Should.Throw<DefinitionException>(() => builder.Build(TestActions.Registry()));

        e.Diagnostics.Select(d => d.Code).ShouldBe(
        [
            DiagnosticCodes.BadPipelineId, DiagnosticCodes.DuplicateTaskId, DiagnosticCodes.UnknownDependency, DiagnosticCodes.UnknownAction,
            DiagnosticCodes.MissingParameter, DiagnosticCodes.BadCron, DiagnosticCodes.BadTimeZone, DiagnosticCodes.OutOfRange,
        ], ignoreOrder: true);
        e.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnknownAction).Location.ToString().ShouldBe("<code>:extract");
        e.Message.ShouldContain("8 error(s)");
    }

    [Fact]
    public void Build_NegativeTimeout_IsReported()
    {
        var e = Should.Throw<DefinitionException>(() => Pipeline.Create("p")
            .Task("a", "shell", t => t.Parameter("command", "ls").Timeout(TimeSpan.FromSeconds(-1)))
            .Build(TestActions.Registry()));
        e.Diagnostics.Single().Code.ShouldBe(DiagnosticCodes.BadDuration);
    }

    private static Task<IReadOnlyDictionary<string, object?>?> Extract(ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["rows"] = 3L });

    private static Task Transform(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ActionContext Context(string taskId) => new()
    {
        RunId = "run-1",
        TaskId = taskId,
        Parameters = new Dictionary<string, object?>(),
        Log = new NullLog(),
        ArtifactDirectory = Path.GetTempPath(),
    };

    private sealed class NullLog : ITaskLog
    {
        public void Write(string stream, string line)
        {
        }
    }
}
