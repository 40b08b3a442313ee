namespace Sluice.Data.SchemaValidation;

/// <summary>The declared type of a column in a validation schema.</summary>
public enum SchemaType
{
    /// <summary><c>integer</c>: a whole number (text must parse as an invariant integer; a float must have no fraction).</summary>
    Integer,

    /// <summary><c>numeric</c>: any finite number (text must parse as an invariant number).</summary>
    Numeric,

    /// <summary><c>string</c>: any value, checked in its invariant text form.</summary>
    String,

    /// <summary><c>boolean</c>: true/false (text: <c>true false 1 0 yes no</c>, any case).</summary>
    Boolean,

    /// <summary><c>date</c>: a calendar date (text in <c>format</c>, ISO <c>yyyy-MM-dd</c> by default).</summary>
    Date,

    /// <summary><c>timestamp</c>: a date and time (text in <c>format</c>, ISO 8601 by default).</summary>
    Timestamp,
}
