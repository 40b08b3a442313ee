using System.Text.RegularExpressions;
using Sluice.Data.Quality.Checks;

namespace Sluice.Data.SchemaValidation;

/// <summary>
/// The rules of one column. A non-null value must be readable as <see cref="Type"/> (else a <em>type error</em>) and
/// then satisfy every rule that is set (else a <em>rule error</em>). Built by <see cref="SchemaDefinition.Parse"/>.
/// </summary>
public sealed record ColumnSchema
{
    /// <summary>The column name (ordinal match).</summary>
    public required string Name { get; init; }

    /// <summary>The declared type.</summary>
    public required SchemaType Type { get; init; }

    /// <summary>The strftime-style format of date/timestamp text (<c>%Y-%m-%d</c>); null for ISO 8601.</summary>
    public DateFormat? Format { get; init; }

    /// <summary>Whether null (missing) values are allowed. The default is true.</summary>
    public bool Nullable { get; init; } = true;

    /// <summary>Inclusive lower bound: a number, or for date/timestamp columns the bound's ticks (see <see cref="SchemaDefinition"/>).</summary>
    public double? Min { get; init; }

    /// <summary>Inclusive upper bound, in the same units as <see cref="Min"/>.</summary>
    public double? Max { get; init; }

    /// <summary>The only allowed values (exact text; numeric comparison on integer/numeric columns); null for any.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>A regex the text form must match somewhere (anchor with <c>^…$</c>); matching is limited to 1 s per value.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Minimum length of the text form in UTF-16 code units.</summary>
    public int? MinLength { get; init; }

    /// <summary>Maximum length of the text form in UTF-16 code units.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Whether every non-null value must be distinct (the second and later occurrences are errors).</summary>
    public bool Unique { get; init; }

    /// <summary>Where the column's definition starts in its file.</summary>
    public TextPosition Position { get; init; } = TextPosition.Start;
}
