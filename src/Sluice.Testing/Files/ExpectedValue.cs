using Sluice.Diagnostics;

namespace Sluice.Testing.Files;

/// <summary>An expected value from a test file.</summary>
/// <param name="Value">The value (plain: null, bool, long, double, string, lists and maps).</param>
/// <param name="Location">Where it was written.</param>
/// <param name="AnyOrder">For rows: true when their order does not matter (<c>{rows: [...], any_order: true}</c>).</param>
public sealed record ExpectedValue(object? Value, SourceLocation Location, bool AnyOrder = false);
