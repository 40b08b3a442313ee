using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Sluice.Data.Batches;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from a file of lines: NDJSON (one object per line, keys matched to the declared columns) or CSV (a header
/// line, then one record per line). The offset is the byte position after the last line of the last batch delivered,
/// plus the file's fingerprint. Bounded by default (ends at the end of the file; a last line without a newline counts);
/// with <c>follow</c> it waits for new lines and, when the path names a new file (rotation by rename, or truncation),
/// drains the old one and continues at the start of the new one. Single partition <c>"0"</c>.
/// <para>
/// Parsing runs in parallel, ahead of the reader: a background loop (<c>FileLineSource.Reading.cs</c>) reads the file
/// in blocks of whole lines and starts a parse of each on the thread pool; <see cref="ReadAsync"/> takes the parsed
/// blocks in file order, so batches, offsets and checkpoints are those of a sequential read. At most
/// <see cref="InFlight"/> blocks are read ahead (backpressure: a slow stream stops the reading).
/// </para>
/// </summary>
internal sealed partial class FileLineSource : IStreamSource
{
    private const string Partition = "0";
    private readonly string _path;
    private readonly string _format;
    private readonly bool _csv;
    private readonly bool _follow;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly Pacer _pacer;
    private readonly Schema _schema;
    private readonly ConcurrentBag<EventParser> _parsers = [];
    private readonly Channel<Task<ParsedBlock>> _blocks;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;
    private ExceptionDispatchInfo? _failure;
    private ParsedBlock? _current;
    private int _next;
    private long _position; // after the last line delivered
    private FileFingerprint? _fingerprint; // of the file the last batch was delivered from

    public FileLineSource(string path, string format, bool follow, TimeSpan poll, Schema schema, int batchSize, long maxEventsPerSecond, TimeProvider time)
    {
        _path = path;
        _format = format;
        _csv = format == "csv";
        _follow = follow;
        _poll = poll;
        _time = time;
        _schema = schema;
        _batchSize = batchSize;
        _pacer = new Pacer(maxEventsPerSecond, time);
        _blocks = Channel.CreateBounded<Task<ParsedBlock>>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>Blocks read and parsed ahead of the stream at most: enough to keep every core parsing.</summary>
    private static int InFlight => Math.Max(2, Environment.ProcessorCount * 2);

    public IReadOnlyList<string> Partitions => [Partition];

    public IReadOnlyDictionary<string, string> Offsets => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Partition] = _fingerprint is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"{_position}:{f.Length}:{f.Hash:x16}")
            : string.Create(CultureInfo.InvariantCulture, $"{_position}"),
    };

    public void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        if (!offsets.TryGetValue(Partition, out var text))
        {
            return;
        }

        var parts = text.Split(':');
        _position = long.Parse(parts[0], CultureInfo.InvariantCulture);
        if (parts.Length == 3)
        {
            _fingerprint = new FileFingerprint(int.Parse(parts[1], CultureInfo.InvariantCulture), ulong.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
    }

    public async ValueTask<SourceBatch?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_reading is null)
        {
            Open();
            _reading = Task.Run(RunReadingAsync, CancellationToken.None);
        }

        while (true)
        {
            if (_current is { } block)
            {
                if (_next < block.Parts.Count)
                {
                    var part = block.Parts[_next++];
                    (_position, _fingerprint) = (part.End, block.Fingerprint);
                    await _pacer.PaceAsync(part.Batch.RowCount, cancellationToken).ConfigureAwait(false);
                    return new SourceBatch(Partition, part.Batch, part.Rejected);
                }

                // A block of blank lines has no part, and an idle block's end is where reading stands (in a new file
                // after a rotation, with that file's fingerprint or none yet).
                (_position, _fingerprint) = (block.End, block.Fingerprint);
                _current = null;
                if (block.Idle)
                {
                    return new SourceBatch(Partition, RecordBatch.Empty(_schema), 0);
                }
            }

            if (!await _blocks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _failure?.Throw();
                return null;
            }

            _blocks.Reader.TryRead(out var next);
            _current = await next!.ConfigureAwait(false);
            _next = 0;
        }
    }

    /// <summary>Parses one block of whole lines on a pool thread, then returns its buffer to the pool.</summary>
    private ParsedBlock Parse(byte[] buffer, int offset, int length, long start, int[]? csvMap, FileFingerprint? fingerprint)
    {
        var parser = _parsers.TryTake(out var pooled) ? pooled : new EventParser(_schema, _format, _batchSize);
        parser.CsvMap = csvMap;
        var parts = new List<ParsedBlock.Part>(1 + (length / 128 / _batchSize));
        parser.ParseLines(buffer.AsSpan(offset, length), start, parts);
        _parsers.Add(parser);
        ArrayPool<byte>.Shared.Return(buffer);
        return new ParsedBlock(parts, start + length, fingerprint);
    }

    private async Task RunReadingAsync()
    {
        try
        {
            await ReadBlocksAsync(_blocks.Writer, _stop.Token).ConfigureAwait(false);
            _blocks.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _blocks.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            // Seen by ReadAsync once the blocks read before the failure are delivered.
            _failure = ExceptionDispatchInfo.Capture(ex);
            _blocks.Writer.TryComplete();
        }
    }

    public ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reading is not null)
        {
            await _reading.ConfigureAwait(false);
        }

        // Parsed blocks nobody will read: give their batches' buffers back.
        var undelivered = _current?.Parts.Skip(_next) ?? [];
        while (_blocks.Reader.TryRead(out var task))
        {
            undelivered = undelivered.Concat((await task.ConfigureAwait(false)).Parts);
        }

        foreach (var part in undelivered)
        {
            part.Batch.Dispose();
        }

        _file?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _stop.Dispose();
    }
}
