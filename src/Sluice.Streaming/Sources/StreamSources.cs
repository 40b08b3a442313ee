using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>Opens the source a <see cref="SourceSpec"/> describes: the one place that knows every kind of source.</summary>
internal static class StreamSources
{
    /// <summary>The source, not yet connected (a network source connects on its first read).</summary>
    /// <param name="spec">The source's definition.</param>
    /// <param name="schema">The declared event columns.</param>
    /// <param name="context">The task: its clock and log.</param>
    /// <param name="where">The parameter path for errors, such as <c>task.parameters.source</c>.</param>
    /// <param name="stdin">Opens standard input; the process's own by default.</param>
    public static IStreamSource Open(SourceSpec spec, Schema schema, ActionContext context, string where, Func<Stream>? stdin = null)
    {
        var time = context.Time;
        void Warn(string message) => context.Log.Write("warn", message);
        EventParser Parser() => new(schema, spec.Format, spec.BatchSize);
        return spec.Type switch
        {
            "stdin" => new StdinSource(stdin ?? Console.OpenStandardInput, Parser(), spec, time),
            "http" => new HttpNdjsonSource(spec.Network!, where, Warn, Parser(), spec, time),
            "websocket" => new WebSocketSource(spec.Network!, where, Warn, Parser(), spec, time),
            "nats" => new JetStreamSource(spec.JetStream!, where, Parser(), spec, time),
            "postgres_cdc" => new PostgresCdcSource(spec.Cdc!, where, Parser(), spec, time),
            _ => new FileLineSource(spec.Path, spec.Format, spec.Follow, TimeSpan.FromMilliseconds(spec.PollInterval), schema, spec.BatchSize, spec.MaxEventsPerSecond, time),
        };
    }
}
