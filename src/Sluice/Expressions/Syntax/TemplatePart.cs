using Sluice.Diagnostics;

namespace Sluice.Expressions.Syntax;

/// <summary>One part of a template: literal text, or an expression written inside <c>{{ }}</c>.</summary>
internal readonly record struct TemplatePart(string? Literal, Expr? Expression, SourceLocation Location);
