namespace Sluice.Data.Profiling;

/// <summary>A value (in invariant text form) and how many rows hold it.</summary>
/// <param name="Value">The value.</param>
/// <param name="Count">Rows holding it.</param>
public sealed record ValueCount(string Value, long Count);
