namespace Sluice.Sqlite.Scheduling;

/// <summary>Migrations of the file-trigger table (tracked in <c>file_trigger_migrations</c>). Append; never edit applied steps.</summary>
internal static class SqliteFileTriggerSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE file_trigger_files (
            pipeline_id TEXT NOT NULL,
            trigger_index INTEGER NOT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_ticks INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            completed_at INTEGER,
            PRIMARY KEY (pipeline_id, trigger_index, path)
        ) WITHOUT ROWID;
        """,
    ];
}
