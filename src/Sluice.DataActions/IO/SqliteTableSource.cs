using System.Runtime.CompilerServices;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Data.Quarantine;

namespace Sluice.DataActions.IO;

/// <summary>
/// A SQLite table as a stream of record batches. Column types come from the declared types (INT… → int64, REAL/FLOA/DOUB
/// → float64, BOOL → bool, DECIMAL(p,s)/NUMERIC(p,s) → decimal(s), DATE → date, TIMESTAMP/DATETIME → timestamp, else
/// string) unless an explicit schema says otherwise. A value that does not convert goes to the quarantine (the
/// "line" is the rowid) and is counted.
/// </summary>
public sealed class SqliteTableSource : IBatchSource
{
    private readonly string _path;
    private readonly string _table;
    private readonly IQuarantineSink? _quarantine;
    private readonly int _batchRows;
    private long _recordsRead;
    private long _recordsQuarantined;

    private SqliteTableSource(string path, string table, Schema schema, IQuarantineSink? quarantine, int batchRows)
    {
        _path = path;
        _table = table;
        Schema = schema;
        _quarantine = quarantine;
        _batchRows = batchRows;
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>Rows read so far (quarantined ones included).</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Rows quarantined so far.</summary>
    public long RecordsQuarantined => Interlocked.Read(ref _recordsQuarantined);

    /// <summary>Opens <paramref name="table"/> of the database file at <paramref name="path"/>.</summary>
    /// <exception cref="DataException">The file or the table does not exist, or a column named by the options is missing.</exception>
    public static SqliteTableSource Open(string path, string table, Schema? explicitSchema = null, IReadOnlyList<string>? columns = null, IQuarantineSink? quarantine = null, int batchRows = 65536)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(table);
        if (!File.Exists(path))
        {
            throw new DataException($"Cannot open '{path}': the file does not exist.");
        }

        using var connection = SqliteTableWriter.Connect(path, readOnly: true);
        var declared = new List<(string Name, string Type)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT name, type FROM pragma_table_info({SqliteTableWriter.Literal(table)})";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                declared.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (declared.Count == 0)
        {
            throw new DataException($"{path}: there is no table '{table}'.");
        }

        var fields = new List<Field>();
        foreach (var name in columns ?? [.. declared.Select(static d => d.Name)])
        {
            var i = declared.FindIndex(d => d.Name == name);
            if (i < 0)
            {
                throw new DataException($"{path}: table '{table}' has no column '{name}' (columns: {string.Join(", ", declared.Select(static d => d.Name))}).");
            }

            var type = explicitSchema is { } s && s.IndexOf(name) is var j and >= 0 ? s[j].Type : FromDeclared(declared[i].Type);
            fields.Add(new Field(name, type));
        }

        return new SqliteTableSource(path, table, new Schema(fields), quarantine, batchRows);
    }

    /// <summary>The engine type of a declared SQLite column type.</summary>
    public static DataType FromDeclared(string declared)
    {
        var t = (declared ?? "").ToUpperInvariant();
        if (t.StartsWith("BOOL", StringComparison.Ordinal))
        {
            return DataType.Bool;
        }

        if (t.Contains("INT", StringComparison.Ordinal))
        {
            return DataType.Int64;
        }

        if ((t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal)) && t.IndexOf(',') is var comma and > 0
            && int.TryParse(t.AsSpan(comma + 1).TrimEnd(')').Trim(), out var scale) && scale is >= 0 and <= 18)
        {
            return DataType.Decimal(scale);
        }

        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal))
        {
            return DataType.Float64;
        }

        return t switch
        {
            "DATE" => DataType.Date,
            "TIMESTAMP" or "DATETIME" => DataType.Timestamp,
            _ => DataType.String,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var batch in ReadBatches(cancellationToken))
        {
            yield return transform is null ? batch : transform(batch);
            await Task.Yield();
        }
    }

    private IEnumerable<RecordBatch> ReadBatches(CancellationToken cancellationToken)
    {
        using var connection = SqliteTableWriter.Connect(_path, readOnly: true);
        using var cmd = connection.CreateCommand();
        var columns = string.Join(", ", Schema.Fields.Select(static f => SqliteTableWriter.Quote(f.Name)));
        cmd.CommandText = $"SELECT rowid, {columns} FROM {SqliteTableWriter.Quote(_table)}";
        using var reader = cmd.ExecuteReader();
        var builder = new RowBatchBuilder(Schema, Math.Min(_batchRows, 4096));
        var scratch = new byte[256];
        while (reader.Read())
        {
            _recordsRead++;
            string? bad = null;
            for (var c = 0; c < Schema.Count && bad is null; c++)
            {
                if (!SqliteCell.Append(reader, c + 1, c, Schema[c].Type, builder, ref scratch))
                {
                    bad = $"column '{Schema[c].Name}': '{reader.GetValue(c + 1)}' does not convert to {Schema[c].Type}";
                }
            }

            if (bad is null)
            {
                builder.EndRow();
            }
            else
            {
                builder.CancelRow();
                _recordsQuarantined++;
                _quarantine?.Add(new QuarantineRecord($"{_path}#{_table}", reader.GetInt64(0), bad, string.Join(",", Enumerable.Range(1, Schema.Count).Select(i => reader.GetValue(i)))));
            }

            if (builder.RowCount >= _batchRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return builder.Build();
            }
        }

        if (builder.RowCount > 0)
        {
            yield return builder.Build();
        }
    }
}
