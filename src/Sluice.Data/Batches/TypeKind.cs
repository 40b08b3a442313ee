namespace Sluice.Data.Batches;

/// <summary>The logical kinds of column values.</summary>
public enum TypeKind
{
    /// <summary>64-bit signed integer.</summary>
    Int64,
    /// <summary>IEEE 754 double.</summary>
    Float64,
    /// <summary>Boolean.</summary>
    Bool,
    /// <summary>UTF-8 text.</summary>
    String,
    /// <summary>Calendar date: int32 days since 1970-01-01.</summary>
    Date,
    /// <summary>Date and time without zone: int64 microseconds since 1970-01-01T00:00:00.</summary>
    Timestamp,
    /// <summary>Exact decimal: an int64 scaled by 10^scale (scale 2 = cents).</summary>
    Decimal,
}
