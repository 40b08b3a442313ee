using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition.Validation;

/// <summary>References in templates and conditions. These need the expression parser (Sluice.Expressions).</summary>
public class ReferenceValidationTests
{
    // extract ──► load
    private const string Head = """
        id: p
        inputs:
          mode: {type: string, enum: [batch, streaming], default: batch}
        context:
          chunk: 100
        tasks:
          - id: extract
            action: extract
            parameters: {source: a.csv}
            outputs: [rows]
          - id: load
            action: load
            dependencies: [extract]
        """;

    private static Sluice.Definition.Yaml.LoadResult LoadWith(string loadBody) => DefinitionAssert.Load(Head + "\n" + loadBody);

    [Fact]
    public void Load_ReferenceToUnknownName_SuggestsTask()
    {
        var result = LoadWith("""
                parameters: {data: "{{ extrat.rows }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.UnknownReference, 14, 28, "'extrat' is neither a task nor a namespace").Hint.ShouldBe("did you mean 'extract'?");
    }

    [Fact]
    public void Load_ReferenceToUndeclaredOutput_ReportsIt()
    {
        var result = LoadWith("""
                parameters: {data: "{{ extract.row }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.UndeclaredOutput, 14, 28, "task 'extract' has no output 'row'").Hint.ShouldBe("did you mean 'rows'?");
    }

    [Fact]
    public void Load_ReferenceToTaskThatIsNotUpstream_ReportsIt()
    {
        var result = DefinitionAssert.Load(Head + "\n" + """
                parameters: {data: a.csv}
              - id: report
                action: shell
                parameters: {command: "echo {{ load.count }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.NotUpstream, 17, 36, "'load' is not upstream of it");
    }

    [Fact]
    public void Load_TransitiveUpstreamReference_IsAccepted()
    {
        // extract ──► load ──► report(reads extract.rows)
        var result = DefinitionAssert.Load(Head + "\n" + """
                parameters: {data: a.csv}
              - id: report
                action: shell
                dependencies: [load]
                parameters: {command: "echo {{ extract.rows }} {{ load.count }}"}
            """);
        result.ShouldSucceed();
    }

    [Fact]
    public void Load_ItemOutsideForEach_ReportsIt()
    {
        var result = LoadWith("""
                parameters: {data: "{{ item }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.ItemOutsideForEach, 14, 28, "'item' is only defined");
    }

    [Fact]
    public void Load_ItemInsideForEach_IsAccepted()
    {
        var result = LoadWith("""
                for_each: "{{ extract.rows }}"
                max_workers: "{{ context.chunk }}"
                parameters: {data: "{{ item }}", batch: "{{ item_index }}"}
            """);
        result.ShouldSucceed();
    }

    [Fact]
    public void Load_ItemInForEachCondition_ReportsIt_BecauseTheConditionIsEvaluatedOncePerTask()
    {
        var result = LoadWith("""
                for_each: "{{ extract.rows }}"
                condition: "item > 2"
                parameters: {data: "{{ item }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.ItemOutsideForEach, 15, 17, "'item' is only defined");
    }

    [Fact]
    public void Load_UndeclaredInput_IsOnlyAWarning()
    {
        var result = LoadWith("""
                parameters: {data: "{{ inputs.target }}"}
            """);
        result.ShouldSucceed();
        var warning = result.HasDiagnostic(DiagnosticCodes.UndeclaredInput, 14, 28, "input 'target' is read but not declared");
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Load_UnknownContextKey_ReportsIt()
    {
        var result = LoadWith("""
                parameters: {data: a.csv, batch: "{{ context.chunks }}"}
            """);
        result.HasDiagnostic(DiagnosticCodes.UnknownContextKey, 14, 42, "no key 'chunks'").Hint.ShouldBe("did you mean 'chunk'?");
    }

    [Fact]
    public void Load_ContextReadingATask_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            context:
              rows: "{{ extract.rows }}"
            tasks:
              - id: extract
                action: extract
                parameters: {source: a.csv}
            """);
        result.HasDiagnostic(DiagnosticCodes.NotUpstream, 3, 13, "'context' cannot read task 'extract'");
    }

    [Fact]
    public void Load_TemplateSyntaxError_IsReportedInsideTheQuotedString()
    {
        var result = LoadWith("""
                parameters: {data: "{{ extract.rows + }}"}
            """);
        result.ShouldFail();
        var d = result.Diagnostics.Single(x => x.Code == "SLU300");
        d.Location.Line.ShouldBe(14);
        d.Location.Column.ShouldBeInRange(24, 24 + "{{ extract.rows + }}".Length);
    }

    [Fact]
    public void Load_ConditionSyntaxError_ReportsBadCondition()
    {
        var result = LoadWith("""
                condition: "inputs.mode == == 'batch'"
                parameters: {data: a.csv}
            """);
        var d = result.Diagnostics.Single(x => x.Code == DiagnosticCodes.BadCondition);
        d.Message.ShouldStartWith("the condition is not a valid expression");
        d.Location.Line.ShouldBe(14);
        d.Location.Column.ShouldBeInRange(17, 17 + 26);
    }

    [Fact]
    public void Load_ConditionReferencingDownstreamTask_ReportsNotUpstream()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: a
                action: shell
                condition: b.ok
                parameters: {command: ls}
              - id: b
                action: shell
                dependencies: [a]
                parameters: {command: ls}
            """);
        result.HasDiagnostic(DiagnosticCodes.NotUpstream, 5, 16, "task 'a' reads 'b' in 'condition'");
    }
}
