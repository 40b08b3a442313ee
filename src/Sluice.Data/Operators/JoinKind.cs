namespace Sluice.Data.Operators;

/// <summary>Join kinds.</summary>
public enum JoinKind
{
    /// <summary>Only rows with a match on both sides.</summary>
    Inner,
    /// <summary>Every left row; right columns are null when there is no match.</summary>
    Left,
}
