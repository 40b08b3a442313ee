namespace Sluice.Sqlite.Streaming;

/// <summary>
/// Migrations of the streaming checkpoint table, versioned in its own <c>checkpoint_schema_migrations</c> table (as the
/// quality history is). Append steps; never edit applied ones.
/// </summary>
internal static class SqliteCheckpointSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE stream_checkpoints (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            offsets TEXT NOT NULL,
            state BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, seq)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE stream_partition_leases (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            partition TEXT NOT NULL,
            owner TEXT,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, partition)
        ) WITHOUT ROWID;
        CREATE TABLE stream_lease_members (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            map_index INTEGER NOT NULL,
            member TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, task_id, map_index, member)
        ) WITHOUT ROWID;
        """,
    ];
}
