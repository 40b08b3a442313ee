using FsCheck.Fluent;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// The expression parser and evaluator on random and broken expressions: parsing and evaluating never throw anything but
/// a located <see cref="ExpressionException"/>, never hang, and a value they produce can be printed and stored.
/// </summary>
public sealed class ExpressionFuzzTests
{
    private static readonly SourceLocation Origin = new("fuzz.yaml", 3, 14);

    [Fact]
    public void Expressions_GeneratedTrees_FailOnlyWithLocatedErrors() =>
        FuzzProperty.Check("expressions: generated trees", ExprGen.Tree(), FuzzProperty.Cases(6_000), ParsesAndEvaluatesCleanly);

    [Fact]
    public void Expressions_MutatedDocsAndExamples_FailOnlyWithLocatedErrors() =>
        FuzzProperty.Check("expressions: mutated docs and examples", ExprGen.Mutated(), FuzzProperty.Cases(2_500), ParsesAndEvaluatesCleanly);

    [Fact]
    public void Expressions_TokenSoup_FailOnlyWithLocatedErrors() =>
        FuzzProperty.Check("expressions: token soup", ExprGen.Soup(), FuzzProperty.Cases(1_000), ParsesAndEvaluatesCleanly);

    [Fact]
    public void Templates_RandomText_FailOnlyWithLocatedErrors() =>
        FuzzProperty.Check("templates: random text", Mutations.RandomText(60).Select(static t => $"x {{{{ {t} }}}} y"), FuzzProperty.Cases(500), RendersCleanly);

    /// <summary>The property for one expression: as a bare expression and as a template inside text.</summary>
    internal static void ParsesAndEvaluatesCleanly(string text)
    {
        if (Expr.TryParse(text, Origin, out var expr, out var error))
        {
            Evaluated(() => expr!.Evaluate(FuzzScope.Instance));
        }
        else
        {
            Located(error!.Location, error.Message);
        }
        RendersCleanly($"a {{{{ {text} }}}} b");
    }

    private static void RendersCleanly(string template)
    {
        if (Template.TryParse(template, Origin, out var parsed, out var error))
        {
            Evaluated(() => parsed!.Render(FuzzScope.Instance));
        }
        else
        {
            Located(error!.Location, error.Message);
        }
    }

    /// <summary>Evaluates, then prints and serializes the value as the executor does when it stores an output.</summary>
    private static void Evaluated(Func<object?> evaluate)
    {
        try
        {
            var value = evaluate();
            _ = ExprValues.ToText(value);
            _ = ExprValues.ToJsonText(value);
        }
        catch (ExpressionException e)
        {
            Located(e.Location, e.Reason);
        }
    }

    private static void Located(SourceLocation location, string message)
    {
        if (!location.HasPosition || location.Column < 1 || location.File != "fuzz.yaml")
        {
            throw new FuzzFailure($"unlocated error at '{location}': {message}");
        }
        if (FuzzProperty.LooksRaw(message))
        {
            throw new FuzzFailure($"raw .NET message: {message}");
        }
    }
}
