using System.Data.Common;

namespace Sluice.Lineage;

/// <summary>The stored row of a <see cref="LineageRecord"/>, the same in every store (table <c>task_lineage</c>).</summary>
public static class LineageRows
{
    /// <summary>The columns, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = "run_id, task_id, map_index, attempt, direction, dataset, format, kind, schema_json, row_count, fingerprint, columns_json, recorded_at";

    /// <summary>The stored name of a direction.</summary>
    public static string Name(LineageDirection direction) => direction == LineageDirection.Write ? "write" : "read";

    /// <summary>A record from a row of <see cref="Columns"/>; <paramref name="recordedAt"/> is the last column as the store keeps time.</summary>
    public static LineageRecord Read(DbDataReader r, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new LineageRecord
        {
            RunId = r.GetString(0),
            TaskId = r.GetString(1),
            MapIndex = r.GetInt32(2),
            Attempt = r.GetInt32(3),
            Direction = r.GetString(4) == "write" ? LineageDirection.Write : LineageDirection.Read,
            Dataset = r.GetString(5),
            Format = r.GetString(6),
            Kind = r.GetString(7),
            Schema = LineageJson.ReadSchema(r.GetString(8)),
            Rows = r.IsDBNull(9) ? null : r.GetInt64(9),
            Fingerprint = r.IsDBNull(10) ? null : r.GetString(10),
            Columns = LineageJson.ReadColumns(r.GetString(11)),
            RecordedAt = recordedAt,
        };
    }
}
