namespace Sluice.Postgres.State;

/// <summary>
/// Versioned schema migrations of the PostgreSQL store. Append new steps; never edit applied ones.
/// Identifiers use the "C" collation so ordering (run ids, task ids) matches SQLite's byte order
/// whatever the server's locale.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Key of the advisory lock that serializes concurrent migrators (any fixed number).</summary>
    public const long MigrationLockKey = 0x51_75_1C_E0_00_00_00_01;

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE pipeline_versions (
            pipeline_id text COLLATE "C" NOT NULL,
            hash text COLLATE "C" NOT NULL,
            name text,
            version_label text,
            source_text text NOT NULL,
            source_path text,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (pipeline_id, hash)
        );
        CREATE TABLE runs (
            run_id text COLLATE "C" PRIMARY KEY,
            pipeline_id text COLLATE "C" NOT NULL,
            version_hash text NOT NULL,
            state text NOT NULL,
            inputs text NOT NULL,
            logical_date timestamptz,
            trigger text NOT NULL,
            created_at timestamptz NOT NULL,
            started_at timestamptz,
            ended_at timestamptz,
            error text,
            lease_owner text,
            lease_expires_at timestamptz
        );
        CREATE INDEX runs_by_pipeline ON runs (pipeline_id, run_id);
        CREATE INDEX runs_by_state ON runs (state, run_id);
        CREATE TABLE task_instances (
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            state text NOT NULL,
            attempt integer NOT NULL,
            map_count integer,
            started_at timestamptz,
            ended_at timestamptz,
            error text,
            outputs text,
            PRIMARY KEY (run_id, task_id, map_index)
        );
        CREATE TABLE task_attempts (
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            attempt integer NOT NULL,
            state text NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            error text,
            worker text,
            PRIMARY KEY (run_id, task_id, map_index, attempt)
        );
        CREATE TABLE task_logs (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            attempt integer NOT NULL,
            at timestamptz NOT NULL,
            stream text NOT NULL,
            line text NOT NULL
        );
        CREATE INDEX task_logs_by_run ON task_logs (run_id, seq);
        CREATE INDEX task_logs_by_task ON task_logs (run_id, task_id, seq);
        -- One row per committed StateBatch: a commit retried after a lost acknowledgement finds its
        -- own marker and is skipped, so log lines are never appended twice. Old markers are purged.
        CREATE TABLE state_commits (
            commit_id uuid PRIMARY KEY,
            committed_at timestamptz NOT NULL DEFAULT now()
        );
        """,
    ];
}
