namespace Sluice.Data.Quality.Checks;

/// <summary>Stable codes of check-language errors (listed in docs/quality-metrics.md).</summary>
public static class CheckErrorCodes
{
    /// <summary>The metric name is not known.</summary>
    public const string UnknownMetric = "QC001";

    /// <summary>A threshold (<c>&gt; 5</c>, <c>between 1 and 5</c>, <c>when &gt; 1</c>) is malformed.</summary>
    public const string MalformedThreshold = "QC002";

    /// <summary>A <c>valid regex</c> pattern does not compile.</summary>
    public const string InvalidRegex = "QC003";

    /// <summary>A column is not in the column list given to the parser.</summary>
    public const string UnknownColumn = "QC004";

    /// <summary>Unexpected text.</summary>
    public const string Syntax = "QC005";

    /// <summary>A metric got the wrong number of columns.</summary>
    public const string ArgumentCount = "QC006";

    /// <summary>The check has no pass condition and no warn/fail threshold.</summary>
    public const string MissingThreshold = "QC007";

    /// <summary>A <c>valid</c> clause is missing, repeated or used with a metric that ignores it.</summary>
    public const string ValidityClause = "QC008";

    /// <summary>A reference check names a data set that is not known.</summary>
    public const string UnknownDataset = "QC009";

    /// <summary>A duration is malformed, or a duration/number is used where the other is expected.</summary>
    public const string Duration = "QC010";
}
