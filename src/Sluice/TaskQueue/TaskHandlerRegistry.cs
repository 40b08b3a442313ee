using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Sluice.TaskQueue;

/// <summary>
/// Job handlers by name, served by the workers that are given this registry. In-process delegates
/// (<see cref="ITaskQueue.EnqueueAsync(Func{CancellationToken, Task{object}}, EnqueueOptions, CancellationToken)"/>)
/// live here too, on a queue private to this process. Thread-safe.
/// </summary>
public sealed class TaskHandlerRegistry
{
    private readonly ConcurrentDictionary<string, TaskHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<object?>>> _inline = new(StringComparer.Ordinal);
    private static long _nextInline;
    private volatile string[] _names = [];

    /// <summary>The process-private queue of in-process delegates (never claimed by other processes).</summary>
    public string LocalQueue { get; } = Distributed.ClaimRequest.LocalQueuePrefix + Execution.Leases.LocalWorkerId.Value + ":" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The delay before the first retry of a failed job; doubles each time (with jitter), capped at 5 minutes. The default is 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Names with a handler.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Registers (or replaces) the handler of jobs named <paramref name="name"/>.</summary>
    public TaskHandlerRegistry Register(string name, TaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[name] = handler;
        lock (_handlers)
        {
            _names = [.. _handlers.Keys.Order(StringComparer.Ordinal)];
        }
        return this;
    }

    /// <summary>Registers a typed handler: arguments are deserialized to <typeparamref name="TArgs"/>, the result serialized as JSON.</summary>
    public TaskHandlerRegistry Register<TArgs, TResult>(string name, Func<TArgs, CancellationToken, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(name, async (args, ct) =>
        {
            var typed = args.Deserialize<TArgs>(TaskJson.Options)!;
            return await handler(typed, ct).ConfigureAwait(false);
        });
    }

    /// <summary>The handler of <paramref name="name"/>, or null.</summary>
    public TaskHandler? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_handlers.TryGetValue(name, out var h))
        {
            return h;
        }
        if (_inline.TryRemove(name, out var f))
        {
            // A delegate runs once; its job id names it. A retry re-registers it (see JobRunner).
            return async (_, ct) =>
            {
                try
                {
                    return await f(ct).ConfigureAwait(false);
                }
                catch
                {
                    _inline[name] = f;
                    throw;
                }
            };
        }
        return null;
    }

    /// <summary>Keeps a delegate for a job about to be enqueued on <see cref="LocalQueue"/>; returns its job name.</summary>
    internal string AddInline(Func<CancellationToken, Task<object?>> function)
    {
        var name = "inline:" + Interlocked.Increment(ref _nextInline).ToString(CultureInfo.InvariantCulture);
        _inline[name] = function;
        return name;
    }
}
