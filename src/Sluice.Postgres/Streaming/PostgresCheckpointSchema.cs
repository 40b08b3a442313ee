namespace Sluice.Postgres.Streaming;

/// <summary>
/// Migrations of the streaming checkpoint table, versioned in its own <c>checkpoint_schema_migrations</c> table (as on
/// SQLite). Append steps; never edit applied ones.
/// </summary>
internal static class PostgresCheckpointSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE stream_checkpoints (
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            seq bigint NOT NULL,
            offsets text NOT NULL,
            state bytea NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, seq)
        );
        """,
        """
        CREATE TABLE stream_partition_leases (
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            partition text COLLATE "C" NOT NULL,
            owner text COLLATE "C",
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, partition)
        );
        CREATE TABLE stream_lease_members (
            run_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            map_index integer NOT NULL,
            member text COLLATE "C" NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, member)
        );
        """,
    ];
}
