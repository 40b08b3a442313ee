using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.AI.Chat;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.AI.Enrichment;

/// <summary>
/// Adds one column per <see cref="EnrichmentField"/> to every row of a stream: rows are sent <c>batchSize</c> at a time,
/// requests of one input batch run concurrently through the model's <see cref="ChatGateway"/> (which bounds and rate
/// limits them), and each answer must match a JSON schema with one object per row. Rows whose request failed, and every
/// row when no gateway is given (no model reachable), get nulls: nothing is invented.
/// </summary>
internal sealed class RowEnricher
{
    private const string SystemPrompt =
        "You fill in fields for rows of a data set. Answer only with JSON matching the schema: in 'rows', one object per " +
        "input row with the row's '_row' number and every field. Use null when the row does not tell.";

    private readonly IReadOnlyList<EnrichmentField> _fields;
    private readonly RowPrompt _prompt;
    private readonly int _batchSize;
    private readonly ChatGateway? _gateway;
    private readonly JsonElement _schema;
    private readonly string _instructions;
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _rows, _enriched, _failed;

    public RowEnricher(IReadOnlyList<EnrichmentField> fields, RowPrompt prompt, int batchSize, ChatGateway? gateway, UsageMeter meter)
    {
        _fields = fields;
        _prompt = prompt;
        _batchSize = batchSize;
        _gateway = gateway;
        Meter = meter;
        var props = new JsonObject { [RowPrompt.RowKey] = new JsonObject { ["type"] = "integer" } };
        var required = new JsonArray(RowPrompt.RowKey);
        var sb = new StringBuilder("Fields:\n");
        foreach (var f in fields)
        {
            props[f.Name] = f.Schema();
            required.Add(f.Name);
            sb.Append("- ").Append(f.Name).Append(" (").Append(f.Type).Append("): ").Append(f.Instruction);
            if (f.Labels is { } labels)
            {
                sb.Append("; one of ").Append(string.Join(", ", labels));
            }
            sb.Append('\n');
        }
        _instructions = sb.ToString();
        var row = new JsonObject { ["type"] = "object", ["properties"] = props, ["required"] = required, ["additionalProperties"] = false };
        _schema = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["rows"] = new JsonObject { ["type"] = "array", ["items"] = row } },
            ["required"] = new JsonArray("rows"),
            ["additionalProperties"] = false,
        });
    }

    public UsageMeter Meter { get; }

    public long Rows => Interlocked.Read(ref _rows);

    public long EnrichedRows => Interlocked.Read(ref _enriched);

    public long FailedRows => Interlocked.Read(ref _failed);

    /// <summary>Distinct reasons requests failed, with how many rows each left empty.</summary>
    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>The input with the fields' columns appended.</summary>
    public IBatchSource Wrap(IBatchSource input) => new Enriched(this, input, OutputSchema(input.Schema, _fields));

    /// <summary>The enriched data's schema: the input's columns followed by one column per field.</summary>
    internal static Schema OutputSchema(Schema input, IReadOnlyList<EnrichmentField> fields) =>
        new(input.Fields.Concat(fields.Select(static f => new Field(f.Name, f.DataType))));

    private async Task<RecordBatch> EnrichAsync(RecordBatch batch, Schema schema, CancellationToken cancellationToken)
    {
        var n = batch.RowCount;
        var values = _fields.Select(_ => new object?[n]).ToArray();
        Interlocked.Add(ref _rows, n);
        if (_gateway is not null && n > 0)
        {
            var chunks = Enumerable.Range(0, (n + _batchSize - 1) / _batchSize).Select(i => (Start: i * _batchSize, Count: Math.Min(_batchSize, n - i * _batchSize)));
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _gateway.Settings.MaxConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(chunks, parallel, async (chunk, ct) => await AskAsync(batch, chunk.Start, chunk.Count, values, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        var columns = new List<Column>(batch.Columns.Count + _fields.Count);
        columns.AddRange(batch.Columns.Select(static c => c.Retain()));
        for (var f = 0; f < _fields.Count; f++)
        {
            columns.Add(ColumnFactory.Create(_fields[f].DataType, values[f]));
        }
        return new RecordBatch(schema, columns, n);
    }

    private async Task AskAsync(RecordBatch batch, int start, int count, object?[][] values, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder(_instructions).Append("Rows:\n");
        for (var i = 0; i < count; i++)
        {
            sb.Append(_prompt.Render(batch, start + i, i)).Append('\n');
        }
        var call = new ChatCall(SystemPrompt, sb.ToString(), _schema, "rows");
        var result = await _gateway!.CompleteAsync(call, answer => Validate(answer, count), Meter, cancellationToken).ConfigureAwait(false);
        if (result.Answer is not { } answer)
        {
            Interlocked.Add(ref _failed, count);
            _errors.AddOrUpdate(result.Error ?? "no answer", count, (_, c) => c + count);
            return;
        }
        foreach (var row in answer.GetProperty("rows").EnumerateArray())
        {
            var id = row.GetProperty(RowPrompt.RowKey).GetInt32();
            for (var f = 0; f < _fields.Count; f++)
            {
                values[f][start + id] = ToValue(_fields[f], row.GetProperty(_fields[f].Name));
            }
        }
        Interlocked.Add(ref _enriched, count);
    }

    /// <summary>Null when <paramref name="answer"/> has exactly one valid object per row, else what is wrong.</summary>
    private string? Validate(JsonElement answer, int count)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            return "the answer has no 'rows' list";
        }
        var seen = new bool[count];
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty(RowPrompt.RowKey, out var idEl) || !idEl.TryGetInt32(out var id) || id < 0 || id >= count || seen[id])
            {
                return $"a row's '{RowPrompt.RowKey}' is missing, repeated or not one of 0..{count - 1}";
            }
            seen[id] = true;
            foreach (var f in _fields)
            {
                if (!row.TryGetProperty(f.Name, out var v))
                {
                    return $"row {id} has no '{f.Name}'";
                }
                if (v.ValueKind != JsonValueKind.Null && !Fits(f, v))
                {
                    return $"row {id}: '{f.Name}' is {v.GetRawText()}, not {(f.Labels is { } l ? "one of " + string.Join(", ", l) : f.Type)}";
                }
            }
        }
        return seen.All(static s => s) ? null : $"the answer has {rows.GetArrayLength()} rows for {count}";
    }

    private static bool Fits(EnrichmentField f, JsonElement v) => f.Type switch
    {
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => v.ValueKind == JsonValueKind.String && (f.Labels is null || f.Labels.Contains(v.GetString())),
    };

    private static object? ToValue(EnrichmentField f, JsonElement v) => v.ValueKind == JsonValueKind.Null ? null : f.Type switch
    {
        "number" => v.GetDouble(),
        "integer" => v.GetInt64(),
        "boolean" => v.GetBoolean(),
        _ => v.GetString(),
    };

    private sealed class Enriched(RowEnricher enricher, IBatchSource input, Schema schema) : IBatchSource
    {
        public Schema Schema => schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var batch in input.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                RecordBatch enriched;
                using (batch)
                {
                    enriched = await enricher.EnrichAsync(batch, schema, cancellationToken).ConfigureAwait(false);
                }
                if (transform is null)
                {
                    yield return enriched;
                    continue;
                }
                using (enriched)
                {
                    yield return transform(enriched);
                }
            }
        }
    }
}
