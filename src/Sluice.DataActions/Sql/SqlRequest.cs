using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Datasets;

namespace Sluice.DataActions.Sql;

/// <summary>One execution of a <c>sql</c> task against an <see cref="ISqlDatabase"/>.</summary>
public sealed record SqlRequest
{
    /// <summary>The connection string as the task gave it (it may hold a password: never log it).</summary>
    public required string Connection { get; init; }

    /// <summary>One or more statements; at most one returns rows.</summary>
    public required string Query { get; init; }

    /// <summary>The values to bind as named parameters, or null.</summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; init; }

    /// <summary>Types for some or all result columns, or null.</summary>
    public Schema? Schema { get; init; }

    /// <summary>The task's context (id, log, clock).</summary>
    public required ActionContext Context { get; init; }

    /// <summary>Streams a result into the task's <c>data</c> artifact and returns its handle.</summary>
    public required Func<IBatchSource, CancellationToken, Task<DatasetRef>> WriteResultAsync { get; init; }
}
