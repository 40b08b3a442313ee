using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>A name an expression reads: <c>validate_schema.valid_sources</c> is root <c>validate_schema</c>, member <c>valid_sources</c>.</summary>
/// <param name="Root">The root name.</param>
/// <param name="Member">The first member accessed with <c>.name</c> or <c>['name']</c>, or null.</param>
/// <param name="Location">Where the root name starts.</param>
public readonly record struct ExprReference(string Root, string? Member, SourceLocation Location);
