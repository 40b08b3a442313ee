using Sluice.Actions;
using Sluice.Definition;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// The executor's in-memory view of one task in one run. Mapped tasks keep per-item state in
/// flat arrays (a byte of state and a short attempt count per item) so 100,000 items stay compact.
/// Only the coordinator thread mutates a node.
/// </summary>
internal sealed class TaskNode
{
    public TaskNode(int index, TaskDefinition definition, IAction action, TaskPolicy policy)
    {
        Index = index;
        Definition = definition;
        Action = action;
        Policy = policy;
    }

    public int Index { get; }
    public TaskDefinition Definition { get; }
    public string Id => Definition.Id;
    public IAction Action { get; }
    public TaskPolicy Policy { get; }

    public int[] Dependencies { get; set; } = [];
    public List<int> Dependents { get; } = [];
    public int RemainingDependencies { get; set; }

    public required IReadOnlyList<(string Name, CompiledValue Value)> Parameters { get; init; }
    public Expr? Condition { get; init; }
    public Template? ForEach { get; init; }
    public CompiledValue? MaxWorkersValue { get; init; }

    /// <summary>The task's model, or null; its settings may hold templates (<c>secret()</c>), rendered per attempt.</summary>
    public ModelDefinition? Model { get; init; }
    public CompiledValue? ModelSettings { get; init; }

    /// <summary>Chooses <c>&lt;AUTO&gt;</c> values with the task's model; null when the host installed no provider.</summary>
    public Sluice.Actions.Auto.IAutoResolver? AutoResolver { get; init; }

    /// <summary>Overall state (for a mapped task, of the whole map).</summary>
    public TaskState State { get; set; } = TaskState.Pending;
    public int Attempt { get; set; }

    /// <summary>The attempt retries count from (<see cref="State.TaskInstanceRecord.RetryBase"/>): above 0 after an operator's clear.</summary>
    public int RetryBase { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>Outputs of an unmapped task, or null.</summary>
    public IReadOnlyDictionary<string, object?>? Outputs { get; set; }

    /// <summary>Outputs of an unmapped task as stored JSON, or null.</summary>
    public string? OutputsJson { get; set; }

    /// <summary>The source marks of an unmapped task's success, written with its row.</summary>
    public IReadOnlyList<State.SourceMarkRecord> Marks { get; set; } = [];

    // --- mapped tasks ---
    public bool IsMapped => ForEach is not null;

    /// <summary>
    /// Evaluates <c>for_each</c> and <c>max_workers</c> of a mapped task: the items, and how many may run at once
    /// (1 when <c>parallel: false</c>; at least 1).
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">A template fails, the items are not a list, or max_workers is not an integer.</exception>
    public (IReadOnlyList<object?> Items, int MaxWorkers) RenderFanOut(IExpressionScope scope)
    {
        var value = ForEach!.Render(scope);
        long maxWorkers = int.MaxValue;
        if (MaxWorkersValue is { } mw && ExprValues.Normalize(mw.Render(scope)) is { } w)
        {
            maxWorkers = w is long l ? l : throw new Diagnostics.SluiceException($"max_workers must be an integer, got {ExprValues.TypeName(w)}");
        }
        if (value is not IReadOnlyList<object?> items)
        {
            throw new Diagnostics.SluiceException($"for_each must evaluate to a list, got {ExprValues.TypeName(value)}");
        }
        return (items, Definition.Parallel ? (int)Math.Clamp(maxWorkers, 1, int.MaxValue) : 1);
    }
    public IReadOnlyList<object?>? Items { get; set; }
    public byte[]? ItemStates { get; set; }
    public short[]? ItemAttempts { get; set; }

    /// <summary>Per item, the attempt its retries count from; null when no item was cleared.</summary>
    public short[]? ItemRetryBases { get; set; }
    public IReadOnlyDictionary<string, object?>?[]? ItemOutputs { get; set; }
    public int NextItem { get; set; }
    public Queue<int> RetryReady { get; } = new();
    public int ItemsRunning { get; set; }
    public int ItemsFinished { get; set; }
    public int ItemsFailed { get; set; }
    public int ItemsCancelled { get; set; }
    public int MaxWorkers { get; set; } = int.MaxValue;

    /// <summary>True while the node can hand out work (ready and not all items dispatched).</summary>
    public bool Dispatchable { get; set; }

    /// <summary>Retries waiting on their delay.</summary>
    public int PendingRetries { get; set; }

    /// <summary>The value of <c>{{ task }}</c> in templates once final: output map, per-output lists for mapped tasks, or null.</summary>
    public object? ScopeValue { get; set; }
}
