using System.Globalization;
using Sluice.Actions;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Runtime;

namespace Sluice.Streaming;

/// <summary>
/// <c>stream</c>: a streaming task in the pipeline's DAG. It reads events from a source with checkpointable offsets,
/// applies stateless and stateful steps, at most one event-time operator — a window (tumbling, sliding, session; keyed
/// aggregates or top rows with ties), a stream–stream join or a sequence pattern — and more steps, and writes an
/// exactly-once sink. It
/// runs until a bounded source ends or the run is cancelled; checkpoints go to the store, and a resumed or retried
/// attempt continues from the last one.
/// </summary>
public sealed class StreamAction(CheckpointStore? checkpoints, DatasetReader? reader = null) : DataAction, IValidatesParameters
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "stream",
        "Runs a streaming pipeline: source (ndjson or csv file, bounded or followed) → steps (filter, derive, select, rename, cast, and one window: tumbling/sliding/session with keyed aggregates or top rows) → exactly-once CSV sink, with event-time watermarks, allowed lateness, a late-event output and periodic checkpoints in the store. See docs/streaming.md.",
        [
            new ParameterSpec("source", ParameterType.Map, "The source: a file {path, format: ndjson|csv, follow: false, poll_interval: 100ms, max_events_per_second: 0, batch_size: 4096}, or {type: stdin|http|websocket|nats|postgres_cdc, ...} (see docs/streaming.md).", Required: true),
            new ParameterSpec("columns", ParameterType.Map, "The event columns and their types (string, int, float, bool, timestamp, date); other fields are ignored.", Required: true),
            new ParameterSpec("event_time", ParameterType.Map, "{column, max_out_of_orderness: 0s, idle_timeout: 0s}; without a column, processing time.", Default: null),
            new ParameterSpec("steps", ParameterType.List, "Steps in order: filter, derive, select, rename, cast, dedupe, enrich, anomaly, and at most one of window, join, pattern.", Default: Array.Empty<object?>()),
            new ParameterSpec("sink", ParameterType.Map, "The result: a CSV file {path, columns: [...], sort: false} staged per checkpoint and published on commit, a SQLite table {database, table, key: [...]} or a PostgreSQL table {type: postgres, connection, table, key: [...]} committed with the checkpoint's sequence, or a JetStream subject {type: nats, url, subject, columns} published with message ids; exactly once each. max_rows_per_second limits any.", Required: true),
            new ParameterSpec("late", ParameterType.Map, "Where events too late for every window go: {path, columns}. They are counted either way.", Default: null),
            new ParameterSpec("parallelism", ParameterType.Integer, "Partitions of the window's state, each fed and fired on its own core (1–64): by key, or for top rows without a key by slices of each batch. Output equals parallelism 1's as a set (identical with sink sort: true). See docs/streaming.md.", Default: 1L),
            new ParameterSpec("checkpoint", ParameterType.Map, "{interval: 1s, keep: 3}: processing time between checkpoints, and how many of the newest the store keeps.", Default: null),
        ],
        [
            new OutputSpec("output", "The sink's file path (the subject of a nats sink, the table of a postgres sink)."),
            new OutputSpec("stats", "events_in, events_out, late_events, rejected, watermark (epoch ms), checkpoints; measured by this attempt: checkpoint_ms_mean/max, checkpoint_bytes_last/max, and with a window latency_p50/p99_ms (event arrival to its window's result) and fire_latency_p50/p99_ms (arrival of the batch that completed a window to its result)."),
        ]);

    /// <summary>
    /// Reads the parameters as the task will when it starts, so a mistake in the source, steps (window, join, pattern, …)
    /// or sink is reported with its file:line:col when the pipeline is loaded (<c>sluice validate</c>). A value that
    /// holds a template is checked when the task starts, once it is rendered.
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        try
        {
            new StreamSpecReader("task").Read(parameters);
        }
        catch (StreamParameterException ex) when (!ex.Detail.Contains("{{", StringComparison.Ordinal))
        {
            return [new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, ex.Detail, locate(ex.Path))];
        }
        catch (SluiceException)
        {
            // A template in or around the value (rendered and checked at task start), or a mistake without a path.
        }

        return [];
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var read = new StreamSpecReader(context.TaskId).Read(context.Parameters);
        // Paths written in the pipeline are relative to its file's folder.
        var spec = read with
        {
            Source = read.Source.Type == "file" ? read.Source with { Path = context.Files.Full(read.Source.Path) } : read.Source,
            Sink = read.Sink.IsLocal ? read.Sink with { Path = context.Files.Full(read.Sink.Path) } : read.Sink,
            LateSink = read.LateSink is { } lateSink ? lateSink with { Path = context.Files.Full(lateSink.Path) } : null,
        };
        foreach (var partition in spec.Source.Partitions ?? [""])
        {
            var one = spec.Source.Partitions is null ? spec : spec.ForPartition(partition);
            if (one.Source.Type == "file")
            {
                context.Files.CheckRead(one.Source.Path, $"{context.TaskId}.parameters.source.path");
            }

            if (one.Sink.IsLocal)
            {
                context.Files.CheckWrite(one.Sink.Path, $"{context.TaskId}.parameters.sink.path");
            }

            if (one.LateSink is { } late)
            {
                context.Files.CheckWrite(late.Path, $"{context.TaskId}.parameters.late.path");
            }
        }

        if (spec.Source.Partitions is not null)
        {
            var leased = new Runtime.PartitionedStreamRunner(spec, context, checkpoints
                ?? throw new SluiceException($"{context.TaskId}.parameters.source.partitions: a partitioned source needs a store for its leases and checkpoints; run with one (--store)."), reader);
            return Result(spec, await leased.RunAsync(cancellationToken).ConfigureAwait(false), new Dictionary<string, object?>(), context);
        }

        var runner = new StreamRunner(spec, context, checkpoints, reader);
        await using (runner.ConfigureAwait(false))
        {
            return Result(spec, await runner.RunAsync(cancellationToken).ConfigureAwait(false), runner.Measurements, context);
        }
    }

    private static ActionResult Result(StreamSpec spec, StreamProgress p, IReadOnlyDictionary<string, object?> measurements, ActionContext context)
    {
        var stats = new Dictionary<string, object?>
        {
            ["events_in"] = p.EventsIn,
            ["events_out"] = p.EventsOut,
            ["late_events"] = p.LateEvents,
            ["rejected"] = p.Rejected,
            ["watermark"] = p.Watermark,
            ["checkpoints"] = p.Checkpoints,
        };
        foreach (var (name, value) in measurements)
        {
            stats[name] = value;
        }

        context.Log.Write("info", string.Create(CultureInfo.InvariantCulture, $"stream ended: {p.EventsIn} events in, {p.EventsOut} rows out, {p.LateEvents} late, {p.Rejected} rejected"));
        return new ActionResult(new Dictionary<string, object?> { ["output"] = spec.Sink.JetStream?.Subject ?? (spec.Sink.Table?.Connection is null ? spec.Sink.Path : spec.Sink.Table.Table), ["stats"] = stats });
    }
}
