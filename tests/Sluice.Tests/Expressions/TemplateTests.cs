using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class TemplateTests
{
    private static readonly SourceLocation Origin = new("pipeline.yaml", 12, 20);

    private static TestScope Scope() => new()
    {
        ["validate_schema"] = Eval.Map(("valid_sources", new object?[] { "a.csv", "b.csv" })),
        ["context"] = Eval.Map(("chunk_size", 10000L), ("ratio", 0.5)),
        ["item"] = "a.csv",
        ["run"] = Eval.Map(("id", "r-1")),
    };

    [Fact]
    public void SingleExpression_KeepsValueType()
    {
        var template = Template.Parse("{{ validate_schema.valid_sources }}", Origin);
        template.IsSingleExpression.ShouldBeTrue();
        template.IsLiteral.ShouldBeFalse();
        template.Render(Scope()).ShouldBe(new object?[] { "a.csv", "b.csv" });
        Template.Parse("{{ context.chunk_size }}", Origin).Render(Scope()).ShouldBe(10000L);
    }

    [Fact]
    public void SingleExpression_SurroundedBySpaces_IsStillSingle()
    {
        var template = Template.Parse("  {{ context.chunk_size }}  ", Origin);
        template.IsSingleExpression.ShouldBeTrue();
        template.Render(Scope()).ShouldBe(10000L);
    }

    [Fact]
    public void MixedText_Interpolates()
    {
        var template = Template.Parse("out/{{ run.id }}/{{ item }}-{{ context.ratio }}-{{ context.chunk_size }}.json", Origin);
        template.IsSingleExpression.ShouldBeFalse();
        template.Render(Scope()).ShouldBe("out/r-1/a.csv-0.5-10000.json");
    }

    [Fact]
    public void Interpolation_FormatsValuesLikeToText() =>
        Template.Parse("{{ null }}|{{ true }}|{{ 2.0 }}|{{ [1, 'a'] }}|{{ {'k': none} }}", Origin).Render(Scope())
            .ShouldBe("|true|2.0|[1,\"a\"]|{\"k\":null}");

    [Fact]
    public void Literal_RendersItsText()
    {
        var template = Template.Parse("just text", Origin);
        template.IsLiteral.ShouldBeTrue();
        template.IsSingleExpression.ShouldBeFalse();
        template.References.ShouldBeEmpty();
        template.Render(Scope()).ShouldBe("just text");
        Template.Parse(string.Empty, Origin).Render(Scope()).ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("{{ '}}' }}", "}}")]
    [InlineData("{{ \"{{\" + '}}' }}", "{{}}")]
    [InlineData("{{ {'a': {'b': 1}}.a.b }}", 1L)]
    [InlineData("{{ {'a': 1}}}", null)]
    [InlineData("x{{ 'it\\'s }}' }}y", "xit's }}y")]
    public void Braces_InsideStringsAndMaps_DoNotCloseEarly(string text, object? expected)
    {
        var result = Template.Parse(text, Origin).Render(Scope());
        if (expected is null)
        {
            result.ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!["a"].ShouldBe(1L);
        }
        else
        {
            result.ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("path/{{ item ", 5, "'{{' is never closed")]
    [InlineData("a }} b", 2, "'}}' has no matching '{{'")]
    [InlineData("{{ item }} }}", 11, "'}}' has no matching '{{'")]
    [InlineData("x {{   }}", 2, "'{{ }}' is empty")]
    [InlineData("{{ 'abc }}", 3, "unterminated string")]
    [InlineData("ab {{ item + }}", 13, "expected a value, found the end of the expression")]
    [InlineData("ab {{ item ! 1 }}", 11, "unexpected character '!'")]
    public void Errors_ReportSLU300AtTheOffendingColumn(string text, int offset, string message)
    {
        Template.TryParse(text, Origin, out var template, out var error).ShouldBeFalse();
        template.ShouldBeNull();
        error.ShouldNotBeNull();
        error.Code.ShouldBe("SLU300");
        error.Severity.ShouldBe(DiagnosticSeverity.Error);
        error.Message.ShouldBe(message);
        error.Location.ShouldBe(Origin with { Column = Origin.Column + offset });
    }

    [Fact]
    public void Parse_InvalidTemplate_ThrowsWithFileLineColumn()
    {
        var ex = Should.Throw<ExpressionException>(() => Template.Parse("a }} b", Origin));
        ex.Message.ShouldStartWith("pipeline.yaml:12:22: '}}' has no matching '{{'");
        ex.Diagnostic.ShouldNotBeNull().Code.ShouldBe("SLU300");
    }

    [Fact]
    public void Errors_AfterNewline_CountLinesAndResetColumn()
    {
        Template.TryParse("line one\n  {{ 1 +* 2 }}", Origin, out _, out var error).ShouldBeFalse();
        error!.Location.ShouldBe(new SourceLocation("pipeline.yaml", 13, 9));
        error.ToString().ShouldStartWith("pipeline.yaml:13:9: error SLU300: expected a value, found '*'");
    }

    [Fact]
    public void EvaluationError_PointsIntoTheTemplate()
    {
        var template = Template.Parse("n={{ context.chunk_size + 'x' }}", Origin);
        var ex = Should.Throw<ExpressionException>(() => template.Render(Scope()));
        ex.Location.ShouldBe(Origin with { Column = Origin.Column + 24 });
        ex.Diagnostic.ShouldBeNull();
    }

    [Fact]
    public void References_CoverEveryPartWithLocations()
    {
        var template = Template.Parse("{{ run.id }}/{{ item }}", Origin);
        template.References.ShouldBe(
        [
            new ExprReference("run", "id", Origin with { Column = 23 }),
            new ExprReference("item", null, Origin with { Column = 36 }),
        ]);
        template.Expressions.Select(static e => e.Text).ShouldBe(["run.id", "item"]);
    }

    [Fact]
    public void ContainsTemplate_DetectsOpeningBraces()
    {
        Template.ContainsTemplate("a {{ b }}").ShouldBeTrue();
        Template.ContainsTemplate("a { b }").ShouldBeFalse();
    }

    [Fact]
    public void Render_SameTemplateManyScopes_IsIndependentPerScope()
    {
        var template = Template.Parse("{{ item | upper }}", Origin);
        template.Render(new TestScope { ["item"] = "a" }).ShouldBe("A");
        template.Render(new TestScope { ["item"] = "b" }).ShouldBe("B");
    }
}
