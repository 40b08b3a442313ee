using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Secrets;
using Sluice.State;
using Sluice.Tests.Execution;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Secrets;

/// <summary>Secrets never reach the store: logs (each line of a multi-line value), errors, outputs and results.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class SecretRedactionTests
{
    private const string Pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";

    private static async Task<(RunOutcome Outcome, string Everything)> RunAsync(ExecutorHarness h, string yaml, Func<string, string?> secrets)
    {
        var result = PipelineLoader.Load(yaml, "s.yaml", h.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var outcome = await h.RunAsync(result.Definition!, new ExecutorOptions { Secrets = secrets });
        var logs = await h.Store.GetLogsAsync(outcome.RunId);
        var tasks = await h.Store.GetTaskInstancesAsync(outcome.RunId);
        var run = await h.Store.GetRunAsync(outcome.RunId);
        var attempts = await h.Store.GetAttemptsAsync(outcome.RunId);
        var everything = string.Join("\n", logs.Select(l => l.Text)
            .Concat(tasks.Select(t => t.OutputsJson + " " + t.Error))
            .Concat(attempts.Select(a => a.Error))
            .Append(run!.Error).Append(run.ResultJson));
        return (outcome, everything);
    }

    [Fact]
    public async Task MultiLineSecret_PrintedLineByLine_IsRedactedOnEveryLine()
    {
        await using var h = new ExecutorHarness();
        var (outcome, everything) = await RunAsync(h, """
            id: s
            tasks:
              - id: print
                action: shell
                parameters:
                  command: printf '%s\n' "$KEY"
                  env: {KEY: "{{ secret('TLS_KEY') }}"}
            """, name => name == "TLS_KEY" ? Pem : null);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        everything.ShouldNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        everything.ShouldNotContain("BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj");
        everything.ShouldContain("***");
    }

    [Fact]
    public async Task SecretReturnedAsAnOutput_IsStoredRedacted_AndDownstreamSeesTheRedactedValue()
    {
        await using var h = new ExecutorHarness();
        var (outcome, everything) = await RunAsync(h, """
            id: s
            tasks:
              - id: leak
                action: noop
                parameters: {token: "{{ secret('API_TOKEN') }}", multi: "{{ secret('TLS_KEY') }}"}
                outputs: [token, multi]
              - id: after
                action: noop
                parameters: {seen: "{{ leak.token }}"}
                outputs: [seen]
                dependencies: [leak]
            result: "{{ {'t': leak.token, 'seen': after.seen} }}"
            """, name => name switch { "API_TOKEN" => "tok-3f9a8b7c6d", "TLS_KEY" => Pem, _ => null });

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        everything.ShouldNotContain("tok-3f9a8b7c6d");
        everything.ShouldNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        ((IReadOnlyDictionary<string, object?>)outcome.Outputs["after"]!)["seen"].ShouldBe("***");
        outcome.Result.ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!["t"].ShouldBe("***");
    }

    [Fact]
    public async Task AmbientSecretVariable_IsNotInheritedByShells_AndItsValueIsRedactedWhenUsedDirectly()
    {
        // The variable is set for this process only while the run is created and executed.
        var name = SecretSources.EnvironmentPrefix + "TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "ambient-value-91c2");
        try
        {
            await using var h = new ExecutorHarness();
            var (outcome, everything) = await RunAsync(h, $$"""
                id: s
                tasks:
                  - id: inherited
                    action: shell
                    parameters: {command: "echo \"[${{{name}}}]\""}
                    outputs: [stdout]
                  - id: fails
                    action: shell
                    parameters: {command: "echo ambient-value-91c2 >&2; exit 3"}
                """, SecretSources.Resolve);

            ((IReadOnlyDictionary<string, object?>)outcome.Outputs["inherited"]!)["stdout"].ShouldBe("[]");
            outcome.Tasks["fails"].ShouldBe(TaskState.Failed);
            everything.ShouldNotContain("ambient-value-91c2");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void SecretsDirectory_ResolvesFilesByName_WithoutTheTrailingNewline_AndNeverOutsideTheFolder()
    {
        using var dir = new TempDirectory();
        var secrets = Directory.CreateDirectory(dir.File("secrets")).FullName;
        File.WriteAllText(Path.Combine(secrets, "DB_PASSWORD"), "s3cr3t-from-file\n");
        File.WriteAllText(dir.File("outside"), "nope");
        var previous = Environment.GetEnvironmentVariable(SecretSources.DirectoryVariable);
        Environment.SetEnvironmentVariable(SecretSources.DirectoryVariable, secrets);
        try
        {
            SecretSources.Resolve("DB_PASSWORD").ShouldBe("s3cr3t-from-file");
            SecretSources.Resolve("../outside").ShouldBeNull();
            SecretSources.AmbientValues().ShouldContain("s3cr3t-from-file");
            SecretRedactor.WithAmbientSecrets().Redact("pw=s3cr3t-from-file").ShouldBe("pw=***");
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretSources.DirectoryVariable, previous);
        }
    }

    [Fact]
    public void Redactor_HidesJsonEscapedFormsOfAMultiLineSecret()
    {
        var r = new SecretRedactor();
        r.Add(Pem);
        r.Redact(System.Text.Json.JsonSerializer.Serialize(new { key = Pem })).ShouldNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        r.Redact("line: BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj").ShouldBe("line: ***");
    }
}
