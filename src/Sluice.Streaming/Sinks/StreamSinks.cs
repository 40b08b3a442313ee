using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>Opens the sink a <see cref="SinkSpec"/> describes: the one place that knows every kind of sink.</summary>
internal static class StreamSinks
{
    /// <summary>The sink for results of schema <paramref name="input"/>; <paramref name="where"/> locates errors (<c>task.parameters.sink</c>).</summary>
    /// <param name="spec">The sink.</param>
    /// <param name="input">The schema of the rows it takes.</param>
    /// <param name="context">The task.</param>
    /// <param name="where">Locates errors.</param>
    /// <param name="partition">The source partition this sink writes for, or null: each partition commits its own sequence of checkpoints.</param>
    public static IStreamSink Open(SinkSpec spec, Schema input, ActionContext context, string where, string? partition = null)
    {
        var key = partition is null ? $"{context.RunId}/{context.TaskId}/{context.MapIndex}" : $"{context.RunId}/{context.TaskId}#{partition}/-1";
        if (spec.JetStream is { } js)
        {
            return new JetStreamSink(js, spec.Columns, input, key, where);
        }

        return spec.Table switch
        {
            { Connection: not null } => new PostgresTableSink(spec, input, where, key),
            not null => new SqliteTableSink(spec, input, where, key),
            _ => new StagedFileSink(spec, input, where),
        };
    }
}
