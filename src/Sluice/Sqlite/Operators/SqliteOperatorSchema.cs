namespace Sluice.Sqlite.Operators;

/// <summary>
/// Migrations of the audit trail and the paused pipelines, versioned in their own <c>operator_schema_migrations</c>
/// table in the state file. Append steps; never edit applied ones.
/// </summary>
internal static class SqliteOperatorSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            pipeline_id TEXT,
            run_id TEXT,
            detail TEXT
        );
        CREATE INDEX audit_log_by_run ON audit_log (run_id, seq);
        CREATE INDEX audit_log_by_pipeline ON audit_log (pipeline_id, seq);
        CREATE TABLE pipeline_pauses (
            pipeline_id TEXT PRIMARY KEY,
            paused_at INTEGER NOT NULL,
            paused_by TEXT NOT NULL
        );
        """,
    ];
}
