using Sluice.Definition.Validation;

namespace Sluice.Tests.Definition.Validation;

public class ActionValidationTests
{
    private static Sluice.Definition.Yaml.LoadResult LoadTask(string taskBody) => DefinitionAssert.Load($"""
        id: p
        tasks:
          - id: t
        {taskBody}
        """);

    [Fact]
    public void Load_UnknownAction_SuggestsRegisteredName()
    {
        var result = LoadTask("""
                action: extrat
                parameters: {source: a.csv}
            """);
        result.HasDiagnostic(DiagnosticCodes.UnknownAction, 4, 13, "'extrat', which is not registered").Hint.ShouldBe("did you mean 'extract'?");
    }

    [Fact]
    public void Load_UnknownParameter_PointsAtTheKeyAndSuggests()
    {
        var result = LoadTask("""
                action: extract
                parameters:
                  source: a.csv
                  limt: 10
            """);
        result.HasDiagnostic(DiagnosticCodes.UnknownParameter, 7, 7, "has no parameter 'limt'").Hint.ShouldBe("did you mean 'limit'?");
    }

    [Fact]
    public void Load_MissingRequiredParameter_NamesIt()
    {
        var result = LoadTask("""
                action: extract
                parameters:
                  limit: 10
            """);
        result.HasDiagnostic(DiagnosticCodes.MissingParameter, 6, 7, "required parameter 'source'");
    }

    [Fact]
    public void Load_QuotedNumberForIntegerParameter_ReportsType()
    {
        var result = LoadTask("""
                action: extract
                parameters: {source: a.csv, limit: "10"}
            """);
        result.HasDiagnostic(DiagnosticCodes.ParameterType, 5, 40, "'limit' of action 'extract' must be a whole number, but is '10'");
    }

    [Fact]
    public void Load_ValueOutsideAllowedValues_ListsThem()
    {
        var result = LoadTask("""
                action: extract
                parameters: {source: a.csv, format: jsn}
            """);
        result.HasDiagnostic(DiagnosticCodes.ParameterNotAllowed, 5, 41, "cannot be 'jsn'").Hint.ShouldBe("did you mean 'json'? allowed values: 'csv', 'json'");
    }

    [Fact]
    public void Load_AutoOnParameterWithoutAutoSupport_ReportsIt()
    {
        var result = LoadTask("""
                action: extract
                parameters:
                  source: a.csv
                  limit: <AUTO>pick one</AUTO>
                  sensitivity: <AUTO>pick one</AUTO>
            """);
        result.HasDiagnostic(DiagnosticCodes.AutoNotSupported, 7, 14, "'limit' of action 'extract' cannot be <AUTO>");
        result.Diagnostics.Count.ShouldBe(1);
    }

    [Fact]
    public void Load_BadDurationLiteralForDurationParameter_ReportsType()
    {
        var result = LoadTask("""
                action: extract
                parameters: {source: a.csv, wait: 5 minutes}
            """);
        result.HasDiagnostic(DiagnosticCodes.ParameterType, 5, 39, "must be a duration");
    }

    [Fact]
    public void Load_OutputTheActionDoesNotProduce_ReportsIt()
    {
        var result = LoadTask("""
                action: extract
                parameters: {source: a.csv}
                outputs: [rows, rowz]
            """);
        result.HasDiagnostic(DiagnosticCodes.OutputNotProduced, 6, 21, "declares the output 'rowz'").Hint.ShouldBe("did you mean 'rows'?");
    }

    [Fact]
    public void Load_UndeclaredModel_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            models:
              analyzer: {provider: openai, model: gpt-4}
            tasks:
              - id: t
                action: shell
                model: analyser
                parameters: {command: ls}
            """);
        result.HasDiagnostic(DiagnosticCodes.UnknownModel, 7, 12, "model 'analyser'").Hint.ShouldBe("did you mean 'analyzer'?");
    }
}
