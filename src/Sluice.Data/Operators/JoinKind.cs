namespace Sluice.Data.Operators;

/// <summary>Join kinds.</summary>
public enum JoinKind
{
    /// <summary>Only rows with a match on both sides.</summary>
    Inner,
    /// <summary>Every left row; right columns are null when there is no match.</summary>
    Left,
    /// <summary>Every right row: the matches, then the right rows no left row matched (left columns null, the key columns taken from the right).</summary>
    Right,
    /// <summary>Every row of both sides: a left join, then the right rows no left row matched, as for <see cref="Right"/>.</summary>
    Full,
    /// <summary>The left rows with at least one match, once each; left columns only.</summary>
    Semi,
    /// <summary>The left rows without a match (null keys never match, so they are kept); left columns only.</summary>
    Anti,
}
