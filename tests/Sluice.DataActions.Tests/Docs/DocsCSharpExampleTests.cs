using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Definition.Building;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>
/// The C# examples of docs/actions.md compile (they are here) and work: the custom action loads from YAML and
/// runs from the builder. <see cref="DocsExamplesTests"/> checks that the docs show this very code.
/// </summary>
public class DocsCSharpExampleTests
{
    [Fact]
    public async Task Example_CustomActionFromYamlAndBuilder_RunsAndProducesOutputs()
    {
        using var dir = new TempDirectory();
        // docs:begin Registry
        var registry = BuiltInActions.CreateRegistry().Register(new GreetAction());
        // docs:end

        // docs:begin Yaml
        const string yaml = """
            id: greetings
            tasks:
              - id: greet
                action: greet
                parameters: {name: world, punctuation: "."}
            """;
        var loaded = PipelineLoader.Load(yaml, "greetings.yaml", registry);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic); // file:line:col: error SLU0xx: message + hint
        }
        // docs:end
        loaded.Success.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));

        // docs:begin Builder
        var pipeline = Pipeline.Create("greetings")
            .Input("who", InputType.String, defaultValue: "world")
            .Schedule("0 2 * * *", timezone: "UTC")
            .Defaults(retries: 2, retryDelay: TimeSpan.FromSeconds(1))
            .Task("greet", "greet", t => t
                .Parameter("name", "{{ inputs.who }}")
                .Outputs("greeting"))
            .Task("shout", ShoutAsync, dependsOn: "greet", configure: t => t
                .Parameter("text", "{{ greet.greeting }}"))
            .Build(registry); // validates like the YAML loader; throws DefinitionException listing every error

        static Task<IReadOnlyDictionary<string, object?>?> ShoutAsync(ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, object?>?>(
                new Dictionary<string, object?> { ["text"] = ((string)context.Get("text")!).ToUpperInvariant() });
        // docs:end

        var storePath = dir.File("sluice.db");
        // docs:begin Run
        await using var store = new SqliteStateStore(storePath);
        await store.InitializeAsync();
        var executor = new RunExecutor(store, registry, new ExecutorOptions { MaxParallelTasks = 8 });
        var version = new PipelineVersionRecord(pipeline.Id, DefinitionCanonicalizer.ComputeHash(pipeline), pipeline.Name,
            pipeline.Version, DefinitionCanonicalizer.ToCanonicalJson(pipeline), null, TimeProvider.System.GetUtcNow());
        var inputs = InputBinder.Bind(pipeline, new Dictionary<string, object?> { ["who"] = "Ada" }, out var inputErrors);
        var outcome = await executor.RunAsync(pipeline, version, inputs);
        // outcome.State == RunState.Succeeded; outcome.Outputs["shout"] is {"text": "HELLO, ADA!"}
        // docs:end

        inputErrors.ShouldBeEmpty();
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var shout = outcome.Outputs["shout"].ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!;
        shout["text"].ShouldBe("HELLO, ADA!");
        var logs = await store.GetLogsAsync(outcome.RunId, "greet");
        logs.ShouldContain(l => l.Text == "greeting Ada (attempt 1)");
    }

    [Fact]
    public async Task Example_YamlWithCustomAction_RunsWithItsDefaultsAndAllowedValues()
    {
        using var dir = new TempDirectory();
        var registry = BuiltInActions.CreateRegistry().Register(new GreetAction());
        var loaded = PipelineLoader.Load("""
            id: greetings
            tasks:
              - id: greet
                action: greet
                parameters: {name: world}
            """, "greetings.yaml", registry);
        loaded.Success.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));
        await using var store = new SqliteStateStore(dir.File("sluice.db"));
        await store.InitializeAsync();
        var version = new PipelineVersionRecord("greetings", loaded.ContentHash, null, null, "", null, DateTimeOffset.UnixEpoch);

        var outcome = await new RunExecutor(store, registry, new ExecutorOptions { ArtifactRoot = dir.File("artifacts") })
            .RunAsync(loaded.Definition!, version, new Dictionary<string, object?>());

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        outcome.Outputs["greet"].ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!["greeting"].ShouldBe("Hello, world!");
        var typo = PipelineLoader.Load("""
            id: greetings
            tasks:
              - id: greet
                action: greet
                parameters: {name: world, punctuation: "?"}
            """, "greetings.yaml", registry);
        typo.Errors.ShouldContain(d => d.Code == "SLU044");
    }
}
