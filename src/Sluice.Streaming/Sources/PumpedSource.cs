using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// A one-partition source whose input arrives on its own schedule (a pipe, a connection, a subscription): a background
/// pump receives it into a bounded channel — so a slow stream slows the receiving, and memory stays bounded — and
/// <see cref="ReadAsync"/> turns what is there into a batch. When nothing arrives for the poll interval it returns an
/// empty batch, so the runner can checkpoint and notice idleness.
/// <para>
/// The offset is the count of non-blank lines read, unless the pump gives chunks their own offset (a message's stream
/// sequence, an LSN). With <see cref="SkipOnResume"/> a resumed source skips as many lines as the checkpoint read (the
/// input is given again from its start: stdin); otherwise the pump asks upstream to continue after the offset.
/// </para>
/// </summary>
internal abstract class PumpedSource : IStreamSource
{
    private readonly Channel<SourceChunk> _channel = Channel.CreateBounded<SourceChunk>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly EventParser _parser;
    private readonly int _batchSize;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _time;
    private readonly Pacer _pacer;
    private Task? _pump;
    private ExceptionDispatchInfo? _failure;
    private SourceChunk? _current;
    private int _position;
    private long _skip;
    private string? _chunkOffset;

    protected PumpedSource(string partition, EventParser parser, SourceSpec source, TimeProvider time)
    {
        Partition = partition;
        _parser = parser;
        _batchSize = source.BatchSize;
        _poll = TimeSpan.FromMilliseconds(source.PollInterval);
        _time = time;
        _pacer = new Pacer(source.MaxEventsPerSecond, time);
    }

    protected string Partition { get; }

    /// <summary>The task's clock.</summary>
    protected TimeProvider Time => _time;

    /// <summary>Non-blank lines read (consumed into batches), including those before a resume.</summary>
    protected long LinesRead { get; private set; }

    /// <summary>Skip the lines a resumed checkpoint had read (the input starts over) instead of asking upstream to continue.</summary>
    protected virtual bool SkipOnResume => false;

    public IReadOnlyList<string> Partitions => [Partition];

    public IReadOnlyDictionary<string, string> Offsets => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Partition] = _chunkOffset ?? LinesRead.ToString(CultureInfo.InvariantCulture),
    };

    public virtual void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        if (offsets.TryGetValue(Partition, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var lines))
        {
            LinesRead = lines;
            _skip = SkipOnResume ? lines : 0;
        }
    }

    /// <summary>Receives input into <paramref name="writer"/> until the source ends (bounded) or is cancelled.</summary>
    protected abstract Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken);

    public async ValueTask<SourceBatch?> ReadAsync(CancellationToken cancellationToken = default)
    {
        _pump ??= RunPumpAsync();
        var reader = _channel.Reader;
        while (_parser.RowCount < _batchSize)
        {
            if (_current is null)
            {
                if (!reader.TryRead(out var chunk))
                {
                    if (_parser.RowCount > 0 || _parser.Rejected > 0)
                    {
                        break;
                    }

                    if (!await WaitAsync(reader, cancellationToken).ConfigureAwait(false))
                    {
                        return reader.Completion.IsCompleted ? Ended() : _parser.Build(Partition);
                    }

                    continue;
                }

                _current = chunk;
                _position = 0;
            }

            var lines = _current.Lines.Span;
            // A chunk with its own offset (a transaction) is read whole: its offset holds only once all of it is read.
            while (_position < lines.Length && (_parser.RowCount < _batchSize || _current.Offset is not null))
            {
                var length = lines[_position..].IndexOf((byte)'\n');
                var line = lines.Slice(_position, length);
                _position += length + 1;
                if (EventParser.IsBlank(line))
                {
                    continue;
                }

                LinesRead++;
                if (_skip > 0)
                {
                    _skip--;
                    _parser.Skip(line);
                    continue;
                }

                _parser.Add(line);
            }

            if (_position >= lines.Length)
            {
                _chunkOffset = _current.Offset ?? _chunkOffset;
                _current = null;
            }
        }

        var batch = _parser.Build(Partition);
        await _pacer.PaceAsync(batch.Batch.RowCount, cancellationToken).ConfigureAwait(false);
        return batch;
    }

    /// <summary>Sets the offset a resumed source reports until it reads something (a stream sequence, an LSN).</summary>
    protected void ResumeAt(string offset) => _chunkOffset = offset;

    /// <summary>True when a chunk is there to read; false after the poll interval without one, or when the pump ended.</summary>
    private async Task<bool> WaitAsync(ChannelReader<SourceChunk> reader, CancellationToken cancellationToken)
    {
        using var idle = new CancellationTokenSource(_poll, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, cancellationToken);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private SourceBatch? Ended()
    {
        _failure?.Throw();
        return null;
    }

    private async Task RunPumpAsync()
    {
        // Off the reader's thread: the pump may block in a synchronous read (stdin) without stalling the stream.
        await Task.Yield();
        try
        {
            await PumpAsync(_channel.Writer, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed while receiving.
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _channel.Writer.TryComplete();
        }
    }

    /// <summary>Upstream keeps nothing for the stream by default; sources that hold deliveries until acknowledged override this.</summary>
    public virtual ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pump is not null)
        {
            try
            {
                // A synchronous read (a console pipe) does not see the cancellation; do not wait on it forever.
                await _pump.WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The pump ends with the process.
            }
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
