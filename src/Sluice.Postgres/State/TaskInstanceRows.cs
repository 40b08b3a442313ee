using Npgsql;
using Sluice.State;

namespace Sluice.Postgres.State;

/// <summary>Reads task-instance rows selected as <see cref="Columns"/>, in that order.</summary>
internal static class TaskInstanceRows
{
    public const string Columns = "task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs";

    public static TaskInstanceRecord Read(NpgsqlDataReader r, string runId) => new()
    {
        RunId = runId,
        TaskId = r.GetString(0),
        MapIndex = r.GetInt32(1),
        State = StateNames.ParseTask(r.GetString(2)),
        Attempt = r.GetInt32(3),
        MapCount = r.IsDBNull(4) ? null : r.GetInt32(4),
        StartedAt = Sql.TimeOrNull(r, 5),
        EndedAt = Sql.TimeOrNull(r, 6),
        Error = Sql.StringOrNull(r, 7),
        OutputsJson = Sql.StringOrNull(r, 8),
    };
}
