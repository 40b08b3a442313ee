using System.Threading.Channels;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Executes one run. A single coordinator loop owns all scheduling state (no locks on the hot
/// path): attempts run on the thread pool and report back through a channel; state changes go to
/// the store through the group-commit <see cref="StateWriter"/>.
/// </summary>
internal sealed partial class RunExecution : IDisposable
{
    private readonly PipelineDefinition _definition;
    private readonly RunRecord _run;
    private readonly ExecutorOptions _options;
    private readonly StateWriter _writer;
    private readonly TimeProvider _time;
    private readonly TaskNode[] _nodes;
    private readonly Dictionary<string, TaskNode> _byId;
    private readonly RunScope _scope;
    private readonly RunServices _services;
    private readonly Channel<Signal> _signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PriorityQueue<TaskNode, (int Priority, int Index)> _ready = new();
    private readonly Dictionary<string, List<TaskNode>> _poolWaiters = [];
    private readonly CancellationTokenSource _attemptsCts = new();
    private int _running;
    private bool _waitingForSlot;
    private int _pendingRetries;
    private bool _cancelled;
    private string? _cancelReason;
    private string? _runFailedBy;
    private DateTimeOffset _startedAt;

    public RunExecution(PipelineDefinition definition, RunRecord run, ActionRegistry actions, ExecutorOptions options, StateWriter writer)
    {
        _definition = definition;
        _run = run;
        _options = options;
        _writer = writer;
        _time = options.Time;
        _nodes = new TaskNode[definition.Tasks.Count];
        _byId = new Dictionary<string, TaskNode>(_nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Length; i++)
        {
            _nodes[i] = NodeFactory.Create(i, definition, actions);
            _byId[_nodes[i].Id] = _nodes[i];
        }
        foreach (var node in _nodes)
        {
            node.Dependencies = [.. node.Definition.Dependencies.Select(d => _byId[d].Index)];
            node.RemainingDependencies = node.Dependencies.Length;
            foreach (var d in node.Dependencies)
            {
                _nodes[d].Dependents.Add(node.Index);
            }
        }
        _scope = new RunScope(_byId, options.Secrets);
        var outer = options.Services?.GetService(typeof(ChildRunner)) as ChildRunner;
        _services = new RunServices(options.Services, new ChildRunner(writer.Store, actions, options, definition, run, outer));
    }

    private int MaxParallel => Math.Max(1, _definition.MaxActiveTasks is { } m ? Math.Min(m, _options.MaxParallelTasks) : _options.MaxParallelTasks);

    public async Task<RunOutcome> RunAsync(IReadOnlyDictionary<string, object?> inputs, IReadOnlyList<TaskInstanceRecord> previous, CancellationToken cancellationToken)
    {
        _startedAt = _time.GetUtcNow();
        InitScope(inputs);
        _writer.Enqueue(_run with { State = RunState.Running, StartedAt = _run.StartedAt ?? _startedAt, EndedAt = null, Error = null, ResultJson = null });
        _options.Observer?.RunStarted(_run.RunId, _definition.Id, _nodes.Length);
        using var registration = cancellationToken.Register(static s => ((RunExecution)s!).Post(new Signal { Kind = SignalKind.CancelRun }), this);
        using var leaseCts = new CancellationTokenSource();
        var leaseLoop = RenewLeaseLoopAsync(leaseCts.Token);
        try
        {
            Restore(previous);
            StartReadyRoots();
            await LoopAsync().ConfigureAwait(false);
        }
        finally
        {
            await leaseCts.CancelAsync().ConfigureAwait(false);
            await leaseLoop.ConfigureAwait(false);
        }
        return Finish();
    }

    private async Task LoopAsync()
    {
        var reader = _signals.Reader;
        while (true)
        {
            if (!_cancelled)
            {
                Dispatch();
            }
            // A node waiting for a pool slot held by another run is in no queue of this run: wait for its wake-up.
            if (_running == 0 && (_cancelled || (_pendingRetries == 0 && _ready.Count == 0 && !WaitingForPool)))
            {
                return;
            }
            var signal = reader.TryRead(out var s) ? s : await reader.ReadAsync().ConfigureAwait(false);
            Handle(signal);
            // Drain what is already there before dispatching again: fewer wake-ups under load.
            while (reader.TryRead(out var more))
            {
                Handle(more);
            }
        }
    }

    private bool WaitingForPool => _poolWaiters.Values.Any(static w => w.Count > 0);

    private void Post(Signal signal) => _signals.Writer.TryWrite(signal);

    private void Handle(Signal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.Succeeded:
            case SignalKind.Failed:
                OnAttemptEnded(signal);
                break;
            case SignalKind.RetryDue:
                OnRetryDue(signal.Node!, signal.Item);
                break;
            case SignalKind.CancelRun:
                CancelRun("cancelled by request");
                break;
            case SignalKind.SlotFreed:
                _waitingForSlot = false;
                break;
            case SignalKind.PoolFreed:
                OnPoolFreed(signal.Pool!);
                break;
            case SignalKind.LeaseLost:
                CancelRun("the run's lease was lost to another process");
                break;
        }
    }

    private void CancelRun(string reason)
    {
        if (_cancelled)
        {
            return;
        }
        _cancelled = true;
        _cancelReason = reason;
        _attemptsCts.Cancel();
    }

    private async Task RenewLeaseLoopAsync(CancellationToken cancellationToken)
    {
        var store = _writer.Store;
        var interval = TimeSpan.FromTicks(Math.Max(_options.LeaseDuration.Ticks / 3, TimeSpan.TicksPerMillisecond));
        try
        {
            using var timer = new PeriodicTimer(interval, _time);
            var lastRenewed = _time.GetUtcNow();
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                bool held;
                try
                {
                    held = await store.RenewRunLeaseAsync(_run.RunId, _options.WorkerId, _time.GetUtcNow(), _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy or briefly unreachable store: keep the run going while the lease is still valid.
                    if (_time.GetUtcNow() - lastRenewed < _options.LeaseDuration)
                    {
                        continue;
                    }
                    held = false;
                }
                if (!held)
                {
                    Post(new Signal { Kind = SignalKind.LeaseLost });
                    return;
                }
                lastRenewed = _time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _attemptsCts.Dispose();
}
