using System.Text;
using System.Text.Json;
using Sluice.State;

namespace Sluice.Lineage;

/// <summary>
/// A lineage graph read from the store: datasets and the task runs between them (dataset → task it read,
/// task → dataset it wrote), with each written dataset's column origins. Built for a run (everything it read and
/// wrote) or for a dataset, walking upstream (what produced it, and what that read…) and/or downstream (what read it…).
/// </summary>
public sealed class LineageGraph
{
    private const int MaxDepth = 50;
    private readonly Dictionary<string, LineageRecord> _datasets = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _edges = [];
    private readonly Dictionary<string, (string RunId, string TaskId, int MapIndex)> _tasks = new(StringComparer.Ordinal);

    /// <summary>Datasets by identity (the most recent record seen for each).</summary>
    public IReadOnlyDictionary<string, LineageRecord> Datasets => _datasets;

    /// <summary>Task runs by node id (<c>run/task</c> or <c>run/task[item]</c>).</summary>
    public IReadOnlyDictionary<string, (string RunId, string TaskId, int MapIndex)> Tasks => _tasks;

    /// <summary>Edges between dataset identities and task node ids.</summary>
    public IReadOnlyCollection<(string From, string To)> Edges => _edges;

    /// <summary>Everything a run read and wrote.</summary>
    public static async Task<LineageGraph> ForRunAsync(IStateStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var graph = new LineageGraph();
        foreach (var r in await store.GetLineageAsync(new LineageQuery(RunId: runId), cancellationToken).ConfigureAwait(false))
        {
            graph.Add(r);
        }

        return graph;
    }

    /// <summary>A dataset's lineage: upstream (producers, transitively), downstream (consumers, transitively), or both.</summary>
    public static async Task<LineageGraph> ForDatasetAsync(IStateStore store, string dataset, bool upstream, bool downstream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var graph = new LineageGraph();
        var runs = new Dictionary<string, IReadOnlyList<LineageRecord>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, bool)>();
        var queue = new Queue<(string Dataset, bool Up, int Depth)>();
        if (upstream)
        {
            queue.Enqueue((dataset, true, 0));
        }

        if (downstream)
        {
            queue.Enqueue((dataset, false, 0));
        }

        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add((next.Dataset, next.Up)) || next.Depth > MaxDepth)
            {
                continue;
            }

            var touching = await store.GetLineageAsync(new LineageQuery(Dataset: next.Dataset, Limit: 1000), cancellationToken).ConfigureAwait(false);
            foreach (var r in touching)
            {
                graph.Add(r);
            }

            // Upstream follows the latest producer; downstream follows every reader.
            var wanted = next.Up ? LineageDirection.Write : LineageDirection.Read;
            var steps = touching.Where(r => r.Direction == wanted).ToList();
            if (next.Up && steps.Count > 0)
            {
                steps = [steps[0]];
            }

            foreach (var step in steps)
            {
                if (!runs.TryGetValue(step.RunId, out var all))
                {
                    runs[step.RunId] = all = await store.GetLineageAsync(new LineageQuery(RunId: step.RunId), cancellationToken).ConfigureAwait(false);
                }

                foreach (var other in all.Where(o => o.TaskId == step.TaskId && o.MapIndex == step.MapIndex && o.Attempt == step.Attempt))
                {
                    graph.Add(other);
                    if (other.Direction == (next.Up ? LineageDirection.Read : LineageDirection.Write))
                    {
                        queue.Enqueue((other.Dataset, next.Up, next.Depth + 1));
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>The graph as JSON: datasets (with schema, rows, fingerprint and column origins), tasks and edges.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("datasets");
            foreach (var d in _datasets.Values.OrderBy(static d => d.Dataset, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", d.Dataset);
                w.WriteString("format", d.Format);
                w.WriteString("kind", d.Kind);
                if (d.Rows is { } rows)
                {
                    w.WriteNumber("rows", rows);
                }

                w.WriteString("fingerprint", d.Fingerprint);
                w.WriteStartArray("schema");
                foreach (var (name, type) in d.Schema)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteString("type", type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WritePropertyName("columns");
                using (var columns = JsonDocument.Parse(LineageJson.Columns(d.Columns)))
                {
                    columns.WriteTo(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tasks");
            foreach (var (id, t) in _tasks.OrderBy(static t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("run_id", t.RunId);
                w.WriteString("task_id", t.TaskId);
                w.WriteNumber("map_index", t.MapIndex);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var (from, to) in _edges.OrderBy(static e => e.From, StringComparer.Ordinal).ThenBy(static e => e.To, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("from", from);
                w.WriteString("to", to);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The graph as a Mermaid flowchart (datasets as cylinders, tasks as boxes).</summary>
    public string ToMermaid()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Id(string key) => ids.TryGetValue(key, out var id) ? id : ids[key] = "n" + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        static string Label(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
        var sb = new StringBuilder("flowchart LR\n");
        foreach (var d in _datasets.Keys.Order(StringComparer.Ordinal))
        {
            sb.Append("  ").Append(Id(d)).Append("[(\"").Append(Label(Path.GetFileName(d.TrimEnd('/')) is { Length: > 0 } name ? name : d)).Append("\")]\n");
        }

        foreach (var (t, task) in _tasks.OrderBy(static t => t.Key, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(Id(t)).Append("[\"").Append(Label(task.MapIndex >= 0 ? $"{task.TaskId}[{task.MapIndex}]" : task.TaskId)).Append("\"]\n");
        }

        foreach (var (from, to) in _edges.OrderBy(static e => e.From, StringComparer.Ordinal).ThenBy(static e => e.To, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(Id(from)).Append(" --> ").Append(Id(to)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Where a written dataset's column came from, traced back through every dataset in the graph to the first inputs.</summary>
    public IReadOnlyList<ColumnOrigin> TraceColumn(string dataset, string column)
    {
        var result = new List<ColumnOrigin>();
        var seen = new HashSet<(string, string)>();
        var stack = new Stack<(string Dataset, string Column, string How)>();
        stack.Push((dataset, column, ""));
        while (stack.TryPop(out var at))
        {
            if (!seen.Add((at.Dataset, at.Column)))
            {
                continue;
            }

            // A column with recorded origins is expanded (none: computed from no column, as count()); a column of a
            // dataset without column lineage (an input file) is where the trace ends.
            if (_datasets.TryGetValue(at.Dataset, out var record) && record.Columns.TryGetValue(at.Column, out var origins))
            {
                foreach (var o in origins)
                {
                    stack.Push((o.Dataset, o.Column, at.How.Length == 0 ? o.Transformation : $"{o.Transformation}; {at.How}"));
                }
            }
            else if (at.Dataset != dataset)
            {
                result.Add(new ColumnOrigin(at.Dataset, at.Column, at.How));
            }
        }

        return result;
    }

    private void Add(LineageRecord r)
    {
        var task = r.MapIndex >= 0 ? $"{r.RunId}/{r.TaskId}[{r.MapIndex}]" : $"{r.RunId}/{r.TaskId}";
        _tasks[task] = (r.RunId, r.TaskId, r.MapIndex);
        // A dataset's written record (with its column origins) wins over a read of it.
        if (!_datasets.TryGetValue(r.Dataset, out var known) || (r.Direction == LineageDirection.Write && (known.Direction == LineageDirection.Read || r.RecordedAt > known.RecordedAt)))
        {
            _datasets[r.Dataset] = r;
        }

        _edges.Add(r.Direction == LineageDirection.Read ? (r.Dataset, task) : (task, r.Dataset));
    }
}
