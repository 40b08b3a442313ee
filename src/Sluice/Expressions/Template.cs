using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>
/// A string that may contain <c>{{ expr }}</c> parts. A string that is exactly one template keeps the
/// value's type; otherwise parts are interpolated into text. Immutable and thread-safe.
/// </summary>
public sealed partial class Template
{
    private Template(IReadOnlyList<ExprReference> references) => References = references;

    /// <summary>True when the text has no <c>{{ }}</c> part.</summary>
    public bool IsLiteral { get; }

    /// <summary>True when the whole text (ignoring surrounding spaces) is one <c>{{ expr }}</c>.</summary>
    public bool IsSingleExpression { get; }

    /// <summary>Every name the template reads.</summary>
    public IReadOnlyList<ExprReference> References { get; }

    /// <summary>True when <paramref name="text"/> contains <c>{{</c>.</summary>
    public static bool ContainsTemplate(string text) => text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Parses; <paramref name="origin"/> is the location of the first character of <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">Unbalanced braces or a bad expression inside.</exception>
    public static Template Parse(string text, SourceLocation origin) => throw new NotImplementedException();

    /// <summary>Parses, returning a diagnostic (code SLU300) instead of throwing.</summary>
    public static bool TryParse(string text, SourceLocation origin, out Template? template, out Diagnostic? error) => throw new NotImplementedException();

    /// <summary>Renders: the value itself for a single expression, else text.</summary>
    /// <exception cref="ExpressionException">Evaluation failed.</exception>
    public object? Render(IExpressionScope scope) => throw new NotImplementedException();
}
