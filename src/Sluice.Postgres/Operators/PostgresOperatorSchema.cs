namespace Sluice.Postgres.Operators;

/// <summary>
/// Migrations of the audit trail and the paused pipelines, versioned in their own <c>operator_schema_migrations</c>
/// table (as on SQLite). Append steps; never edit applied ones.
/// </summary>
internal static class PostgresOperatorSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE audit_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text COLLATE "C" NOT NULL,
            pipeline_id text COLLATE "C",
            run_id text COLLATE "C",
            detail text
        );
        CREATE INDEX audit_log_by_run ON audit_log (run_id, seq);
        CREATE INDEX audit_log_by_pipeline ON audit_log (pipeline_id, seq);
        CREATE TABLE pipeline_pauses (
            pipeline_id text COLLATE "C" PRIMARY KEY,
            paused_at timestamptz NOT NULL,
            paused_by text NOT NULL
        );
        """,
    ];
}
