namespace Sluice.Data.SchemaValidation;

/// <summary>What to do with data that breaks the schema.</summary>
public enum ValidationMode
{
    /// <summary>Any error (cell, type or table) fails the task.</summary>
    Strict,

    /// <summary>Invalid rows go to the quarantine with column, value and rule; valid rows continue. Table errors still fail.</summary>
    Permissive,
}
