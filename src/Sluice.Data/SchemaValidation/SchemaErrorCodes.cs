namespace Sluice.Data.SchemaValidation;

/// <summary>Stable codes of schema-definition errors (listed in docs/quality-metrics.md).</summary>
public static class SchemaErrorCodes
{
    /// <summary>The schema (or a column) is not a map, or a key has the wrong kind of value.</summary>
    public const string Shape = "SC001";

    /// <summary>An unknown key in a column or table definition.</summary>
    public const string UnknownKey = "SC002";

    /// <summary>An unknown or missing type.</summary>
    public const string UnknownType = "SC003";

    /// <summary>A malformed bound: not a number (or date), negative length, min greater than max.</summary>
    public const string MalformedBound = "SC004";

    /// <summary>A regex that does not compile.</summary>
    public const string InvalidRegex = "SC005";

    /// <summary>A date format with an unknown directive, or a format on a type that takes none.</summary>
    public const string InvalidFormat = "SC006";

    /// <summary>A column that is not in the data, when the data's columns are known.</summary>
    public const string UnknownColumn = "SC007";

    /// <summary>A rule that does not apply to the column's type (min on a boolean, for example).</summary>
    public const string RuleNotApplicable = "SC008";
}
