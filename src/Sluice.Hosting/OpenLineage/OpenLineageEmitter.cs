using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sluice.Execution;
using Sluice.Lineage;
using Sluice.State;

namespace Sluice.Hosting.OpenLineage;

/// <summary>
/// Emits OpenLineage RunEvents for runs and their tasks, as an <see cref="IRunObserver"/> of either engine: START when a
/// run starts or resumes and when a task starts, RUNNING when a task's retry starts, then COMPLETE, FAIL (with <c>errorMessage</c>) or
/// ABORT (cancelled), with the datasets each task read and wrote as the store's lineage records them.
/// </summary>
/// <remarks>
/// The observer only queues what it hears, so a run never waits for lineage. A background loop reads the store and
/// builds the events; a task's end is emitted once its row is committed (its lineage commits in the same batch), at the
/// latest when the run ends, whose row is stored before observers hear of it. A second loop sends them, retrying each
/// with exponential backoff (0.5 s, 1 s, 2 s…) up to the transport's <c>MaxAttempts</c>, then drops it with a note:
/// an unreachable receiver never fails or blocks a run.
/// </remarks>
public sealed class OpenLineageEmitter : IRunObserver, IAsyncDisposable
{
    private readonly IStateStore _store;
    private readonly IOpenLineageTransport _transport;
    private readonly OpenLineageEvents _events;
    private readonly OpenLineageTransportSettings _transportSettings;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Channel<Note> _notes = Channel.CreateUnbounded<Note>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _builder;
    private readonly Task _sender;
    private long _sent;
    private long _dropped;

    /// <summary>Starts the background loops.</summary>
    /// <param name="store">Where runs, task rows and lineage are read.</param>
    /// <param name="settings">Namespace, producer and transport.</param>
    /// <param name="time">The clock of event times.</param>
    /// <param name="log">Where a dropped event or a failure to read the store is noted.</param>
    /// <param name="transport">The transport, or null for the one <paramref name="settings"/> name.</param>
    public OpenLineageEmitter(IStateStore store, OpenLineageSettings settings, TimeProvider time, Action<string> log, IOpenLineageTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _transportSettings = settings.Transport;
        _transport = transport ?? Create(settings.Transport);
        _events = new OpenLineageEvents(settings);
        _builder = Task.Run(BuildAsync);
        _sender = Task.Run(SendAsync);
    }

    /// <summary>How long <see cref="DisposeAsync"/> waits for queued events to be delivered. The default is 10 seconds.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Events delivered so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events given up after every attempt failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// An emitter for the process's OpenLineage configuration (<see cref="OpenLineageConfig.FromProcess"/>), or null when
    /// nothing configures OpenLineage.
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">The configuration is invalid.</exception>
    public static OpenLineageEmitter? Open(IStateStore store, TimeProvider time, Action<string> log) =>
        OpenLineageConfig.FromProcess() is { } settings ? new OpenLineageEmitter(store, settings, time, log) : null;

    /// <summary>The transport <paramref name="settings"/> names.</summary>
    public static IOpenLineageTransport Create(OpenLineageTransportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Type switch
        {
            "http" => new HttpLineageTransport(settings),
            "file" => new FileLineageTransport(settings.Path!),
            _ => new ConsoleLineageTransport(),
        };
    }

    /// <inheritdoc/>
    public void RunStarted(string runId, string pipelineId, int taskCount) =>
        _notes.Writer.TryWrite(new Note(NoteKind.RunStarted, runId, pipelineId, null, TaskState.Running, 0, null, _time.GetUtcNow()));

    /// <inheritdoc/>
    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        // Items of a mapped task are one OpenLineage run: the task's, which ends when the last item does.
        if (mapIndex < 0)
        {
            _notes.Writer.TryWrite(new Note(NoteKind.Task, runId, null, taskId, state, attempt, message, _time.GetUtcNow()));
        }
    }

    /// <inheritdoc/>
    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    /// <inheritdoc/>
    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _notes.Writer.TryWrite(new Note(NoteKind.RunFinished, outcome.RunId, outcome.PipelineId, null, TaskState.Running, 0, outcome.Error, outcome.EndedAt) { Outcome = outcome });
    }

    /// <summary>Delivers what is queued (waiting at most <see cref="FlushTimeout"/>) and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _notes.Writer.TryComplete();
        var done = Task.WhenAll(_builder, _sender);
        if (await Task.WhenAny(done, Task.Delay(FlushTimeout, _time)).ConfigureAwait(false) != done)
        {
            _log($"OpenLineage: events not delivered within {FlushTimeout.TotalSeconds:0}s are dropped");
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await done.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _transport.Dispose();
        _stop.Dispose();
    }

    private async Task BuildAsync()
    {
        try
        {
            await foreach (var note in _notes.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(note, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log($"OpenLineage: cannot build the events of run {note.RunId}: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _outgoing.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(Note note, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(note.RunId, out var run))
        {
            run = new RunState(note.PipelineId ?? (await _store.GetRunAsync(note.RunId, cancellationToken).ConfigureAwait(false))?.PipelineId ?? "");
            _runs[note.RunId] = run;
        }
        switch (note.Kind)
        {
            case NoteKind.RunStarted:
                // A resumed run starts again under the same run id: consumers update the run they know.
                var record = await _store.GetRunAsync(note.RunId, cancellationToken).ConfigureAwait(false);
                Emit(_events.Run("START", note.At, note.RunId, run.PipelineId, record?.LogicalDate, null, []));
                break;
            case NoteKind.Task:
                await OnTaskAsync(note, run, cancellationToken).ConfigureAwait(false);
                break;
            case NoteKind.RunFinished:
                await FlushEndedTasksAsync(note.RunId, run, cancellationToken).ConfigureAwait(false);
                var outcome = note.Outcome!;
                var lineage = await _store.GetLineageAsync(new LineageQuery(RunId: note.RunId), cancellationToken).ConfigureAwait(false);
                var type = outcome.State switch
                {
                    Sluice.State.RunState.Succeeded => "COMPLETE",
                    Sluice.State.RunState.Cancelled or Sluice.State.RunState.Skipped => "ABORT",
                    _ => "FAIL",
                };
                var logical = (await _store.GetRunAsync(note.RunId, cancellationToken).ConfigureAwait(false))?.LogicalDate;
                Emit(_events.Run(type, outcome.EndedAt, note.RunId, run.PipelineId, logical, type == "COMPLETE" ? null : outcome.Error, lineage));
                _runs.Remove(note.RunId);
                break;
        }
    }

    private async Task OnTaskAsync(Note note, RunState run, CancellationToken cancellationToken)
    {
        var taskId = note.TaskId!;
        switch (note.State)
        {
            case TaskState.Running:
                if (run.Started.TryGetValue(taskId, out var attempt))
                {
                    if (note.Attempt > attempt)
                    {
                        run.Started[taskId] = note.Attempt;
                        Emit(_events.Task("RUNNING", note.At, note.RunId, run.PipelineId, taskId, null, [], null));
                    }
                }
                else
                {
                    run.Started[taskId] = note.Attempt;
                    Emit(_events.Task("START", note.At, note.RunId, run.PipelineId, taskId, null, [], null));
                }
                break;
            case TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled:
                run.Ended.Add(taskId);
                await FlushEndedTasksAsync(note.RunId, run, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Emits the end of every ended task whose final row is committed.</summary>
    private async Task FlushEndedTasksAsync(string runId, RunState run, CancellationToken cancellationToken)
    {
        if (run.Ended.Count == 0)
        {
            return;
        }
        var rows = (await _store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false))
            .Where(static r => r.MapIndex < 0 && r.State.IsFinal())
            .ToDictionary(static r => r.TaskId, StringComparer.Ordinal);
        IReadOnlyList<LineageRecord>? lineage = null;
        foreach (var taskId in run.Ended.ToList())
        {
            if (!rows.TryGetValue(taskId, out var row))
            {
                continue;
            }
            run.Ended.Remove(taskId);
            if (row.State is not (TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled))
            {
                continue;
            }
            var at = row.EndedAt ?? _time.GetUtcNow();
            if (!run.Started.ContainsKey(taskId))
            {
                // Ended before a start was seen (a distributed run's follower reads rows between changes).
                run.Started[taskId] = row.Attempt;
                Emit(_events.Task("START", row.StartedAt ?? at, runId, run.PipelineId, taskId, null, [], null));
            }
            lineage ??= await _store.GetLineageAsync(new LineageQuery(RunId: runId), cancellationToken).ConfigureAwait(false);
            var type = row.State switch
            {
                TaskState.Succeeded => "COMPLETE",
                TaskState.Cancelled => "ABORT",
                _ => "FAIL",
            };
            Emit(_events.Task(type, at, runId, run.PipelineId, taskId, type == "COMPLETE" ? null : row.Error,
                type == "COMPLETE" ? [.. lineage.Where(r => r.TaskId == taskId)] : [], type == "COMPLETE" ? row.OutputsJson : null));
        }
    }

    private void Emit(JsonObject evt) => _outgoing.Writer.TryWrite(evt.ToJsonString());

    private async Task SendAsync()
    {
        try
        {
            await foreach (var json in _outgoing.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await SendOneAsync(json, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task SendOneAsync(string json, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _transport.SendAsync(json, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException
                || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= _transportSettings.MaxAttempts)
                {
                    Interlocked.Increment(ref _dropped);
                    _log($"OpenLineage: an event was dropped after {attempt} attempts: {ex.Message}");
                    return;
                }
            }
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private enum NoteKind
    {
        RunStarted,
        Task,
        RunFinished,
    }

    private sealed record Note(NoteKind Kind, string RunId, string? PipelineId, string? TaskId, TaskState State, int Attempt, string? Message, DateTimeOffset At)
    {
        public RunOutcome? Outcome { get; init; }
    }

    private sealed class RunState(string pipelineId)
    {
        public string PipelineId { get; } = pipelineId;

        public Dictionary<string, int> Started { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Ended { get; } = new(StringComparer.Ordinal);
    }
}
