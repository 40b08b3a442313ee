namespace Sluice.Actions;

/// <summary>The type of an action parameter, checked statically where the value is a literal and at start time otherwise.</summary>
public enum ParameterType
{
    /// <summary>Any value.</summary>
    Any,
    /// <summary>Text.</summary>
    String,
    /// <summary>A 64-bit integer.</summary>
    Integer,
    /// <summary>An integer or floating-point number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A list.</summary>
    List,
    /// <summary>A map with text keys.</summary>
    Map,
    /// <summary>A duration such as <c>30s</c>.</summary>
    Duration,
    /// <summary>A dataset handle produced by an upstream task (or a path to read).</summary>
    Dataset,
}
