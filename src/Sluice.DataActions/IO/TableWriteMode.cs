namespace Sluice.DataActions.IO;

/// <summary>How an export target that is a database table treats an existing table.</summary>
public enum TableWriteMode
{
    /// <summary>Builds a new table and swaps it in for the old one (if any) in one transaction. The default.</summary>
    Replace,

    /// <summary>Creates the table; fails when it already exists.</summary>
    Create,

    /// <summary>Adds the rows to the existing table (created when missing); the table's constraints apply.</summary>
    Append,

    /// <summary>
    /// Upserts by key in one transaction: rows of the table whose key is in the data are replaced by the data's rows (the
    /// last row of a key in the data wins); the table is created when missing.
    /// </summary>
    Merge,
}
