namespace Sluice.Definition;

/// <summary>The declared type of a pipeline input.</summary>
public enum InputType
{
    /// <summary>Any value (the type of an undeclared input).</summary>
    Any,
    /// <summary>Text.</summary>
    String,
    /// <summary>A 64-bit integer.</summary>
    Integer,
    /// <summary>A number (integer or floating point).</summary>
    Number,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A list of values.</summary>
    List,
    /// <summary>A map from text keys to values.</summary>
    Map,
    /// <summary>A duration such as <c>5s</c>, <c>1h30m</c>.</summary>
    Duration,
    /// <summary>A date-time (ISO 8601).</summary>
    Timestamp,
    /// <summary>
    /// A file or folder path (text). A default written in the pipeline is relative to the pipeline file's folder, as
    /// every path written there is; a value given on the command line is relative to the current directory (the
    /// command makes it absolute before the run starts).
    /// </summary>
    Path,
}
