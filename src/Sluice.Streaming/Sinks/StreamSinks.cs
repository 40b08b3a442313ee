using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>Opens the sink a <see cref="SinkSpec"/> describes: the one place that knows every kind of sink.</summary>
internal static class StreamSinks
{
    /// <summary>The sink for results of schema <paramref name="input"/>; <paramref name="where"/> locates errors (<c>task.parameters.sink</c>).</summary>
    public static IStreamSink Open(SinkSpec spec, Schema input, ActionContext context, string where)
    {
        var key = $"{context.RunId}/{context.TaskId}/{context.MapIndex}";
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
