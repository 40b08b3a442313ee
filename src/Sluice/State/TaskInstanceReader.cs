using System.Data.Common;

namespace Sluice.State;

/// <summary>
/// How a store reads task-instance rows (for store implementations): the columns every store selects, in order,
/// and the mapping of one row. Only the stored form of a timestamp differs between stores.
/// </summary>
public static class TaskInstanceReader
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = "task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base";

    /// <summary>A task instance of <paramref name="runId"/> from a row selected as <see cref="Columns"/>.</summary>
    /// <param name="r">The reader, on the row.</param>
    /// <param name="runId">The run the row belongs to.</param>
    /// <param name="timeOrNull">Reads the store's timestamp column <c>i</c>, or null when it is NULL.</param>
    public static TaskInstanceRecord Read(DbDataReader r, string runId, Func<DbDataReader, int, DateTimeOffset?> timeOrNull)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(timeOrNull);
        return new()
        {
            RunId = runId,
            TaskId = r.GetString(0),
            MapIndex = r.GetInt32(1),
            State = StateNames.ParseTask(r.GetString(2)),
            Attempt = r.GetInt32(3),
            MapCount = r.IsDBNull(4) ? null : r.GetInt32(4),
            StartedAt = timeOrNull(r, 5),
            EndedAt = timeOrNull(r, 6),
            Error = r.IsDBNull(7) ? null : r.GetString(7),
            OutputsJson = r.IsDBNull(8) ? null : r.GetString(8),
            RetryBase = r.GetInt32(9),
        };
    }
}
