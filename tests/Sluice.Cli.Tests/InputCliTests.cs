using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>--input</c> values the pipeline does not expect: undeclared names and broken JSON lists.</summary>
public sealed class InputCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pipeline()
    {
        var path = _dir.File("p.yaml");
        File.WriteAllText(path, """
            id: greeting
            inputs:
              who: {type: string, default: world}
              tags: {type: list, default: []}
            tasks:
              - id: t
                action: noop
                parameters: {who: "{{ inputs.who }}", tags: "{{ inputs.tags | length }}"}
            result: "{{ t }}"
            """);
        return path;
    }

    [Fact]
    public async Task Run_UndeclaredInput_WarnsWithDidYouMeanAndStillRuns()
    {
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--input", "woh=ada");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StderrText.ShouldContain("warning: input 'woh' is not declared by pipeline 'greeting' (did you mean 'who'?); it is passed on as given (--strict-inputs refuses it)");
    }

    [Fact]
    public async Task Run_UndeclaredInputUnderStrictInputs_IsAnErrorAndNothingRuns()
    {
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--input", "nosuch=1", "--strict-inputs");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StderrText.ShouldContain("error: input 'nosuch' is not declared by pipeline 'greeting' (valid inputs: tags, who); --strict-inputs refuses it");
        File.Exists(_dir.File(".sluice/sluice.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Run_ListInputThatStartsLikeJsonButIsNot_IsAnErrorNamingTheInput()
    {
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--input", "tags=[1,2");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StderrText.ShouldContain("input 'tags' (list): '[1,2' starts with '[' but is not a JSON array (invalid JSON at position 5)");
    }

    [Theory]
    [InlineData("tags=[1,2]", "2")]
    [InlineData("tags=a,b,c", "3")]
    public async Task Run_ListInputAsJsonOrCommaSeparated_IsAList(string input, string length)
    {
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--input", input);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain($"\"tags\":{length}");
    }
}
