using Sluice.Definition.Validation;

namespace Sluice.Tests.Definition.Validation;

public class GraphValidationTests
{
    [Fact]
    public void Load_TaskIdStartingWithDigit_ReportsBadTaskId()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: 2bad
                action: shell
                parameters: {command: ls}
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.BadTaskId, 3, 9, "'2bad' is not a valid name");
    }

    [Fact]
    public void Load_DuplicateTaskIds_ReportsTheSecond()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: a
                action: shell
                parameters: {command: ls}
              - id: a
                action: shell
                parameters: {command: ls}
            """);
        result.HasDiagnostic(DiagnosticCodes.DuplicateTaskId, 6, 9, "two tasks have the id 'a'");
    }

    [Fact]
    public void Load_UnknownDependency_SuggestsClosestTask()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: extract
                action: shell
                parameters: {command: ls}
              - id: load
                action: shell
                parameters: {command: ls}
                dependencies: [extrct]
            """);
        var d = result.HasDiagnostic(DiagnosticCodes.UnknownDependency, 9, 20, "depends on 'extrct'");
        d.Hint.ShouldBe("did you mean 'extract'?");
    }

    [Fact]
    public void Load_SelfDependency_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: a
                action: shell
                parameters: {command: ls}
                dependencies: a
            """);
        result.HasDiagnostic(DiagnosticCodes.SelfDependency, 6, 19, "task 'a' depends on itself");
    }

    [Fact]
    public void Load_Cycle_PrintsTheCycle()
    {
        // a → c → b → a (each waits for the next)
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: a
                action: shell
                parameters: {command: ls}
                dependencies: [c]
              - id: b
                action: shell
                parameters: {command: ls}
                dependencies: [a]
              - id: c
                action: shell
                parameters: {command: ls}
                dependencies: [b]
            """);
        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.Cycle, 6, 19, "a → c → b → a");
        result.Diagnostics.Count(d => d.Code == DiagnosticCodes.Cycle).ShouldBe(1);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAllOfThem()
    {
        var result = DefinitionAssert.Load("""
            id: p
            tasks:
              - id: a
                action: shel
                dependencies: [nope]
              - id: a
                action: shell
                parameters: {command: ls, colour: red}
            """);
        result.Diagnostics.Select(d => d.Code).ShouldBe(
            [DiagnosticCodes.UnknownAction, DiagnosticCodes.UnknownDependency, DiagnosticCodes.DuplicateTaskId, DiagnosticCodes.UnknownParameter],
            ignoreOrder: true);
    }
}
