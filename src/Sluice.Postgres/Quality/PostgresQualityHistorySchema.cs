namespace Sluice.Postgres.Quality;

/// <summary>
/// Migrations of the quality-history tables, versioned in their own <c>quality_schema_migrations</c> table (as on
/// SQLite), so they evolve independently of the store's schema. Append steps; never edit applied ones.
/// </summary>
internal static class PostgresQualityHistorySchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE quality_runs (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            pipeline_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            run_id text COLLATE "C" NOT NULL,
            recorded_at timestamptz NOT NULL,
            UNIQUE (pipeline_id, task_id, run_id)
        );
        CREATE TABLE quality_results (
            seq bigint NOT NULL REFERENCES quality_runs (seq) ON DELETE CASCADE,
            metric text COLLATE "C" NOT NULL,
            value double precision NOT NULL,
            PRIMARY KEY (seq, metric)
        );
        CREATE INDEX quality_results_by_metric ON quality_results (metric, seq);
        """,
    ];
}
