namespace Sluice.Sqlite.Quality;

/// <summary>
/// Migrations of the quality-history tables. They live in the state database file but are versioned in their own
/// <c>quality_schema_migrations</c> table, so they evolve independently of the state store. Append steps; never edit applied ones.
/// </summary>
internal static class SqliteQualityHistorySchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE quality_runs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            pipeline_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            run_id TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            UNIQUE (pipeline_id, task_id, run_id)
        );
        CREATE TABLE quality_results (
            seq INTEGER NOT NULL REFERENCES quality_runs (seq) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (seq, metric)
        ) WITHOUT ROWID;
        CREATE INDEX quality_results_by_metric ON quality_results (metric, seq);
        """,
    ];
}
