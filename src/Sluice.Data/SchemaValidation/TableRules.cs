namespace Sluice.Data.SchemaValidation;

/// <summary>Rules on the table as a whole (the <c>table:</c> section of a schema).</summary>
public sealed record TableRules
{
    /// <summary>Columns that must be present, in addition to the non-nullable schema columns.</summary>
    public IReadOnlyList<string> RequiredColumns { get; init; } = [];

    /// <summary>Columns that must not be present (PII that must not leak downstream, for example).</summary>
    public IReadOnlyList<string> ForbiddenColumns { get; init; } = [];

    /// <summary>The minimum number of rows (inclusive), or null.</summary>
    public long? MinRows { get; init; }

    /// <summary>The maximum number of rows (inclusive), or null.</summary>
    public long? MaxRows { get; init; }

    /// <summary>Whether columns the schema does not declare are allowed. The default is true (they are reported, not errors).</summary>
    public bool AllowExtraColumns { get; init; } = true;
}
