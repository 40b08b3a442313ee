using Sluice.Actions.BuiltIn.SubPipeline;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.Tests.Actions.SubPipeline;

public sealed class PipelineActionValidationTests
{
    private const string Child = """
        id: child
        inputs:
          greeting: {type: string, required: true}
          count: {type: integer, default: 1}
          mode: {type: string, enum: [fast, slow], default: fast}
        tasks:
          - id: say
            action: noop
        """;

    private static Diagnostic SingleError(Sluice.Definition.Yaml.LoadResult result)
    {
        result.Success.ShouldBeFalse();
        return result.Errors.ShouldHaveSingleItem(string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public async Task Load_UnknownChildInput_ReportsItsPositionInTheParentFile()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        var parent = h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters:
                  path: child.yaml
                  inputs:
                    greeting: hi
                    colour: red
            """);

        var error = SingleError(h.LoadFile("parent.yaml"));

        error.Code.ShouldBe(DiagnosticCodes.UnknownParameter);
        error.Message.ShouldBe("pipeline 'child' (child.yaml) has no input 'colour'");
        error.Location.ShouldBe(new SourceLocation(parent, 9, 9));
    }

    [Fact]
    public async Task Load_MisspeltChildInput_SuggestsTheDeclaredOne()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {greting: hi}}
            """);

        var result = h.LoadFile("parent.yaml");

        result.Errors.ShouldContain(d => d.Code == DiagnosticCodes.UnknownParameter && d.Hint == "did you mean 'greeting'?");
        result.Errors.ShouldContain(d => d.Code == DiagnosticCodes.MissingParameter && d.Message.Contains("requires the input 'greeting'"));
    }

    [Theory]
    [InlineData("{greeting: hi, count: many}", DiagnosticCodes.ParameterType)]
    [InlineData("{greeting: hi, mode: medium}", DiagnosticCodes.ParameterNotAllowed)]
    [InlineData("{count: 2}", DiagnosticCodes.MissingParameter)]
    public async Task Load_LiteralChildInputs_AreCheckedAgainstTheDeclaredTypes(string inputs, string code)
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", $$"""
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {{inputs}}}
            """);

        SingleError(h.LoadFile("parent.yaml")).Code.ShouldBe(code);
    }

    [Fact]
    public async Task Load_TemplatedInputValues_AreLeftForRunTime()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            inputs:
              n: {type: string, default: "2"}
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {greeting: hi, count: "{{ inputs.n }}"}}
            """);

        h.LoadFile("parent.yaml").Success.ShouldBeTrue();
    }

    [Fact]
    public async Task Load_PipelineThatRunsItself_ReportsRecursion()
    {
        await using var h = new SubPipelineHarness();
        var self = h.Write("self.yaml", """
            id: self
            tasks:
              - id: again
                action: pipeline
                parameters: {path: self.yaml}
            """);

        var error = SingleError(h.LoadFile("self.yaml"));

        error.Code.ShouldBe(DiagnosticCodes.Cycle);
        error.Message.ShouldBe("pipeline recursion: self.yaml → self.yaml");
        error.Location.ShouldBe(new SourceLocation(self, 5, 24));
    }

    [Fact]
    public async Task Load_IndirectRecursion_IsReportedAtTheOuterFile()
    {
        await using var h = new SubPipelineHarness();
        h.Write("a.yaml", """
            id: a
            tasks:
              - id: to_b
                action: pipeline
                parameters: {path: sub/b.yaml}
            """);
        h.Write("sub/b.yaml", """
            id: b
            tasks:
              - id: to_a
                action: pipeline
                parameters: {path: ../a.yaml}
            """);

        var error = SingleError(h.LoadFile("a.yaml"));

        error.Code.ShouldBe(DiagnosticCodes.Cycle);
        error.Message.ShouldContain("pipeline recursion: a.yaml → b.yaml → a.yaml");
        error.Location.Line.ShouldBe(5);
    }

    [Fact]
    public async Task Load_MissingOrBrokenChild_IsAnErrorAtThePath()
    {
        await using var h = new SubPipelineHarness();
        h.Write("broken.yaml", """
            id: broken
            tasks:
              - id: x
                action: no_such_action
            """);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: missing
                action: pipeline
                parameters: {path: nowhere.yaml}
              - id: bad
                action: pipeline
                parameters: {path: broken.yaml}
            """);

        var result = h.LoadFile("parent.yaml");

        result.Errors.Count().ShouldBe(2);
        result.Errors.ShouldContain(d => d.Code == DiagnosticCodes.NotAPipeline && d.Message.StartsWith("the child pipeline 'nowhere.yaml' does not exist") && d.Location.Line == 5);
        result.Errors.ShouldContain(d => d.Code == DiagnosticCodes.NotAPipeline && d.Message.Contains("no_such_action") && d.Location.Line == 8);
    }

    [Fact]
    public async Task Load_WaitFalse_IsNotAllowed()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {greeting: hi}, wait: false}
            """);

        SingleError(h.LoadFile("parent.yaml")).Code.ShouldBe(DiagnosticCodes.ParameterNotAllowed);
    }

    [Theory]
    [InlineData("parent:20250101T000000-abcdef/load", "20250101T000000-abcdef", "load")]
    [InlineData("parent:20250101T000000-abcdef.outer/each[12]", "20250101T000000-abcdef.outer", "each")]
    public void ChildRunIds_TriggerNamesTheParentRunAndTask(string trigger, string parentRun, string task)
    {
        ChildRunIds.TryParseParent(trigger, out var run, out var taskId).ShouldBeTrue();
        run.ShouldBe(parentRun);
        taskId.ShouldBe(task);
        ChildRunIds.TryParseParent("cron", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void ChildRunIds_AreDeterministicPerRunTaskAndItem()
    {
        ChildRunIds.For("r1", "load", -1).ShouldBe("r1.load");
        ChildRunIds.For("r1", "load", 3).ShouldBe("r1.load.3");
        ChildRunIds.Trigger("r1", "load", 3).ShouldBe("parent:r1/load[3]");
    }
}
