namespace Sluice.Data.Operators;

/// <summary>Which row of a set of duplicates survives.</summary>
public enum DedupeKeep
{
    /// <summary>The first in input order (streams).</summary>
    First,
    /// <summary>The last in input order (needs the whole input first).</summary>
    Last,
}
