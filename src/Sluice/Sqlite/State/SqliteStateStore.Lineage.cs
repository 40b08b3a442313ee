using Microsoft.Data.Sqlite;
using Sluice.Lineage;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<LineageRecord>> GetLineageAsync(LineageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = query.RunId is not null
            ? $"SELECT {LineageRows.Columns} FROM task_lineage WHERE run_id = $run" + (query.Dataset is null ? "" : " AND dataset = $dataset") + " ORDER BY recorded_at, task_id, map_index, direction, dataset LIMIT $limit"
            : $"SELECT {LineageRows.Columns} FROM task_lineage WHERE dataset = $dataset ORDER BY recorded_at DESC, run_id, task_id LIMIT $limit";
        cmd.Parameters.AddWithValue("$run", (object?)query.RunId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$dataset", (object?)query.Dataset ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", query.Limit);
        var list = new List<LineageRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(LineageRows.Read(r, SqliteTime.FromStored(r.GetInt64(12))));
        }

        return list;
    }

    private static void InsertLineage(List<LineageRecord> records, SqliteTransaction tx)
    {
        if (records.Count == 0)
        {
            return;
        }

        using var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT OR REPLACE INTO task_lineage ({LineageRows.Columns}) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        var p = new SqliteParameter[13];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = cmd.Parameters.Add("$" + i, SqliteType.Text);
        }

        cmd.Prepare();
        foreach (var l in records)
        {
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (l.RunId, l.TaskId, l.MapIndex, l.Attempt, LineageRows.Name(l.Direction));
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value) = (l.Dataset, l.Format, l.Kind, LineageJson.Schema(l.Schema));
            (p[9].Value, p[10].Value, p[11].Value, p[12].Value) = ((object?)l.Rows ?? DBNull.Value, (object?)l.Fingerprint ?? DBNull.Value, LineageJson.Columns(l.Columns), SqliteTime.ToStored(l.RecordedAt));
            cmd.ExecuteNonQuery();
        }
    }
}
