using Sluice.AI.Tests.Testing;
using Sluice.State;

namespace Sluice.AI.Tests.Chat;

public sealed class ModelKeyRedactionTests
{
    [Fact]
    public async Task KeyFromApiKeyEnv_IsRedactedFromTheTasksLogAndOutputs()
    {
        Environment.SetEnvironmentVariable("SLUICE_TEST_MODEL_KEY", "sk-env-key-98765");
        try
        {
            await using var h = new AiPipelineHarness();
            var outcome = await h.RunAsync(h.Load("""
                id: redact
                models:
                  analyst: {provider: openai, model: gpt-test, api_key_env: SLUICE_TEST_MODEL_KEY}
                tasks:
                  - id: leak
                    action: shell
                    model: analyst
                    parameters: {command: "echo key=$SLUICE_TEST_MODEL_KEY"}
                    outputs: [stdout]
                """));

            outcome.State.ShouldBe(RunState.Succeeded);
            var outputs = (await h.TaskAsync(outcome, "leak")).OutputsJson!;
            outputs.ShouldNotContain("sk-env-key-98765");
            outputs.ShouldContain("key=");
            (await h.Store.GetLogsAsync(outcome.RunId)).ShouldAllBe(static l => !l.Text.Contains("sk-env-key-98765"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SLUICE_TEST_MODEL_KEY", null);
        }
    }
}
