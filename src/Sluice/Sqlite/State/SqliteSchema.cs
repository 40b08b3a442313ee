namespace Sluice.Sqlite.State;

/// <summary>Versioned schema migrations of the SQLite store. Append new steps; never edit applied ones.</summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE pipeline_versions (
            pipeline_id TEXT NOT NULL,
            hash TEXT NOT NULL,
            name TEXT,
            version_label TEXT,
            source_text TEXT NOT NULL,
            source_path TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (pipeline_id, hash)
        ) WITHOUT ROWID;
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            pipeline_id TEXT NOT NULL,
            version_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            inputs TEXT NOT NULL,
            logical_date INTEGER,
            trigger TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            ended_at INTEGER,
            error TEXT,
            lease_owner TEXT,
            lease_expires_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX runs_by_pipeline ON runs (pipeline_id, run_id);
        CREATE INDEX runs_by_state ON runs (state, run_id);
        CREATE TABLE task_instances (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            state TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            map_count INTEGER,
            started_at INTEGER,
            ended_at INTEGER,
            error TEXT,
            outputs TEXT,
            PRIMARY KEY (run_id, task_id, map_index)
        ) WITHOUT ROWID;
        CREATE TABLE task_attempts (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            error TEXT,
            worker TEXT,
            PRIMARY KEY (run_id, task_id, map_index, attempt)
        ) WITHOUT ROWID;
        CREATE TABLE task_logs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            at INTEGER NOT NULL,
            stream TEXT NOT NULL,
            line TEXT NOT NULL
        );
        CREATE INDEX task_logs_by_run ON task_logs (run_id, task_id, seq);
        """,
        """
        CREATE TABLE work_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            queue TEXT NOT NULL,
            priority INTEGER NOT NULL,
            state TEXT NOT NULL,
            available_at INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            lost INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            run_id TEXT,
            task_id TEXT,
            map_index INTEGER,
            name TEXT,
            args TEXT,
            max_retries INTEGER NOT NULL DEFAULT 0,
            remaining_deps INTEGER NOT NULL DEFAULT 0,
            result TEXT,
            error TEXT,
            created_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE INDEX work_ready ON work_items (priority DESC, id) WHERE state = 'ready';
        CREATE INDEX work_leased ON work_items (lease_owner) WHERE state = 'leased';
        CREATE INDEX work_expiry ON work_items (lease_expires_at) WHERE state = 'leased';
        CREATE INDEX work_by_run ON work_items (run_id) WHERE run_id IS NOT NULL;
        CREATE INDEX work_jobs_ended ON work_items (ended_at) WHERE kind = 'job' AND ended_at IS NOT NULL;
        CREATE TABLE work_dependencies (
            depends_on INTEGER NOT NULL,
            item_id INTEGER NOT NULL,
            PRIMARY KEY (depends_on, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX work_dependencies_by_item ON work_dependencies (item_id);
        CREATE TABLE run_progress (
            run_id TEXT PRIMARY KEY,
            remaining INTEGER NOT NULL,
            failed INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE task_progress (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            remaining_deps INTEGER NOT NULL,
            item_count INTEGER,
            next_item INTEGER,
            items_left INTEGER,
            items_failed INTEGER NOT NULL DEFAULT 0,
            items TEXT,
            PRIMARY KEY (run_id, task_id)
        ) WITHOUT ROWID;
        CREATE INDEX runs_by_end ON runs (ended_at) WHERE ended_at IS NOT NULL;
        """,
        // The run's result moves from a work_items row (kind 'result') into the run itself.
        """
        ALTER TABLE runs ADD COLUMN result TEXT;
        UPDATE runs SET result = (SELECT w.result FROM work_items w WHERE w.run_id = runs.run_id AND w.kind = 'result' ORDER BY w.id DESC LIMIT 1)
        WHERE run_id IN (SELECT run_id FROM work_items WHERE kind = 'result');
        DELETE FROM work_items WHERE kind = 'result';
        """,
        // Lineage: the datasets each succeeded attempt read and wrote, with schema, rows, fingerprint and column origins.
        """
        CREATE TABLE task_lineage (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            direction TEXT NOT NULL,
            dataset TEXT NOT NULL,
            format TEXT NOT NULL,
            kind TEXT NOT NULL,
            schema_json TEXT NOT NULL,
            row_count INTEGER,
            fingerprint TEXT,
            columns_json TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, attempt, direction, dataset)
        ) WITHOUT ROWID;
        CREATE INDEX task_lineage_by_dataset ON task_lineage (dataset, recorded_at);
        """,
        // Incremental sources: one high-water mark per (pipeline, task, source), written with the task's success.
        """
        CREATE TABLE source_marks (
            pipeline_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            source_key TEXT NOT NULL,
            value TEXT NOT NULL,
            run_id TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (pipeline_id, task_id, source_key)
        ) WITHOUT ROWID;
        """,
        // Where a task's retries count from after an operator's clear (TaskInstanceRecord.RetryBase).
        """
        ALTER TABLE task_instances ADD COLUMN retry_base INTEGER NOT NULL DEFAULT 0;
        """,
        // Resource usage per attempt (null for attempts recorded before it was measured).
        """
        ALTER TABLE task_attempts ADD COLUMN cpu_us INTEGER;
        ALTER TABLE task_attempts ADD COLUMN peak_memory_bytes INTEGER;
        ALTER TABLE task_attempts ADD COLUMN bytes_read INTEGER;
        ALTER TABLE task_attempts ADD COLUMN bytes_written INTEGER;
        """,
        // SLA misses on a run (SlaMissRecord); task_id '' is the run itself, so the key has no NULL in it.
        """
        CREATE TABLE sla_misses (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            kind TEXT NOT NULL,
            deadline INTEGER NOT NULL,
            noticed_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, kind)
        ) WITHOUT ROWID;
        """,
    ];
}
