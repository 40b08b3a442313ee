namespace Sluice.Sqlite.Scheduling;

/// <summary>Versioned migrations of the scheduler's tables (tracked in <c>schedule_migrations</c>). Append; never edit applied steps.</summary>
internal static class SqliteScheduleSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE schedule_cursors (
            pipeline_id TEXT NOT NULL,
            trigger_index INTEGER NOT NULL,
            registered_at INTEGER NOT NULL,
            last_logical_date INTEGER,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (pipeline_id, trigger_index)
        ) WITHOUT ROWID;
        CREATE TABLE schedule_fires (
            pipeline_id TEXT NOT NULL,
            trigger_index INTEGER NOT NULL,
            logical_date INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            is_catchup INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            completed_at INTEGER,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            PRIMARY KEY (pipeline_id, trigger_index, logical_date)
        ) WITHOUT ROWID;
        CREATE INDEX schedule_fires_pending ON schedule_fires (pipeline_id, trigger_index, logical_date) WHERE completed_at IS NULL;
        CREATE TABLE schedule_backfills (
            backfill_id TEXT PRIMARY KEY,
            pipeline_id TEXT NOT NULL,
            trigger_index INTEGER NOT NULL,
            range_from INTEGER NOT NULL,
            range_to INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE schedule_backfill_dates (
            backfill_id TEXT NOT NULL,
            logical_date INTEGER NOT NULL,
            done_at INTEGER,
            PRIMARY KEY (backfill_id, logical_date)
        ) WITHOUT ROWID;
        """,
        // Dataset triggers: one row per (triggered pipeline, updating run), recorded before the run starts.
        """
        CREATE TABLE dataset_fires (
            pipeline_id TEXT NOT NULL,
            source_run_id TEXT NOT NULL,
            source_pipeline_id TEXT NOT NULL,
            datasets_json TEXT NOT NULL,
            run_id TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            completed_at INTEGER,
            PRIMARY KEY (pipeline_id, source_run_id)
        ) WITHOUT ROWID;
        CREATE INDEX dataset_fires_pending ON dataset_fires (recorded_at) WHERE completed_at IS NULL;
        """,
    ];
}
