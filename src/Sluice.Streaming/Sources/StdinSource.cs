using System.Threading.Channels;

using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from the process's standard input (NDJSON or CSV with a header), bounded by its end. The offset is the number
/// of lines read; a pipe cannot be rewound, so a resumed task expects the same input again from its start and skips the
/// lines its checkpoint had read (<c>sluice resume RUN &lt; events.ndjson</c>).
/// </summary>
internal sealed class StdinSource(Func<Stream> open, EventParser parser, SourceSpec source, TimeProvider time)
    : PumpedSource("0", parser, source, time)
{
    protected override bool SkipOnResume => true;

    protected override async Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken)
    {
        var input = open();
        await using (input.ConfigureAwait(false))
        {
            await new LineChunker().CopyAsync(input, writer, keepPartialLine: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
