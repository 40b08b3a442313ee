using System.Buffers;
using System.Globalization;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Csv;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// An exactly-once CSV sink (two-phase commit, as Flink's file sink): rows since the last checkpoint go to
/// <c>PATH.parts/part-N.pending</c>; checkpoint N makes that file durable (<see cref="Prepare"/>), the checkpoint is
/// committed to the store, and only then is it renamed to <c>part-N.csv</c> (<see cref="Commit"/>). After a crash,
/// <see cref="Recover"/> publishes the pending part of the last committed checkpoint (its commit may have been cut short)
/// and deletes everything newer, which the replay writes again. A bounded stream ends with <see cref="FinishAsync"/>:
/// the published parts become <c>PATH</c> in one atomic rename (sorted when asked).
/// </summary>
internal sealed class StagedFileSink : IStreamSink
{
    private static readonly CsvWriteOptions Csv = new() { Header = false };
    private readonly SinkSpec _spec;
    private readonly int[] _columns;
    private readonly Schema _schema;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private FileStream? _pending;
    private long _pendingSequence = -1;

    public StagedFileSink(SinkSpec spec, Schema input, string where)
    {
        _spec = spec;
        _columns = spec.Columns is { } names
            ? [.. names.Select(n => input.IndexOf(n) is var i and >= 0 ? i : throw new SluiceException($"{where}: '{n}' is not a column of the stream's results; they are {string.Join(", ", input.Fields.Select(static f => f.Name))}."))]
            : [.. Enumerable.Range(0, input.Count)];
        _schema = new Schema(_columns.Select(i => input[i]));
    }

    public string PartsFolder => _spec.Path + ".parts";

    public long Rows { get; private set; }

    /// <summary>Stages the batch's rows for the checkpoint <paramref name="sequence"/> (the next one to be taken).</summary>
    public void Write(RecordBatch batch, long sequence)
    {
        if (batch.RowCount == 0)
        {
            return;
        }

        using var projected = new RecordBatch(_schema, [.. _columns.Select(i => batch.Column(i).Retain())], batch.RowCount);
        for (var r = 0; r < projected.RowCount; r++)
        {
            CsvWriter.WriteRow(projected, r, Csv, _buffer);
        }

        Rows += batch.RowCount;
        if (_buffer.WrittenCount > 1 << 20)
        {
            Spill(sequence);
        }
    }

    private void Spill(long sequence)
    {
        if (_pending is null || _pendingSequence != sequence)
        {
            _pending?.Dispose();
            Directory.CreateDirectory(PartsFolder);
            _pending = new FileStream(Pending(sequence), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _pendingSequence = sequence;
        }

        _pending.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    /// <summary>Phase one: makes the rows staged for checkpoint <paramref name="sequence"/> durable in its pending part.</summary>
    public void Prepare(long sequence)
    {
        if (_buffer.WrittenCount > 0 || (_pending is not null && _pendingSequence == sequence))
        {
            Spill(sequence);
            _pending!.Flush(flushToDisk: true);
            _pending.Dispose();
            _pending = null;
        }
    }

    /// <summary>Phase two, after the checkpoint is in the store: publishes its part.</summary>
    public void Commit(long sequence)
    {
        var pending = Pending(sequence);
        if (File.Exists(pending))
        {
            File.Move(pending, Published(sequence), overwrite: true);
        }
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(long sequence, CancellationToken cancellationToken)
    {
        Commit(sequence);
        return ValueTask.CompletedTask;
    }

    /// <summary>The parts are the transaction state; the checkpoint holds nothing of the sink's besides its row count.</summary>
    public void Save(StateWriter state)
    {
    }

    /// <inheritdoc />
    public void Load(StateReader state)
    {
    }

    /// <summary>Restores the sink to checkpoint <paramref name="committed"/> with the row count it had then.</summary>
    public void Restore(long committed, long rows)
    {
        Rows = rows;
        Recover(committed);
    }

    /// <summary>Restores the sink to checkpoint <paramref name="committed"/> (0: none): rolls its commit forward, deletes newer parts.</summary>
    public void Recover(long committed)
    {
        if (!Directory.Exists(PartsFolder))
        {
            return;
        }

        Commit(committed);
        foreach (var file in Directory.EnumerateFiles(PartsFolder))
        {
            if (SequenceOf(file) is { } seq && seq > committed)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Writes <c>PATH</c> (header, then every published part in order, sorted when asked) atomically and removes the parts.</summary>
    /// <param name="resumed">The task resumed after its final checkpoint: finish only if the parts are still there.</param>
    /// <param name="cancellationToken">Cancels writing (the parts stay; finishing again is safe).</param>
    public async Task FinishAsync(bool resumed, CancellationToken cancellationToken)
    {
        var exists = Directory.Exists(PartsFolder);
        if (resumed && !exists)
        {
            return;
        }

        var parts = exists ? Directory.EnumerateFiles(PartsFolder, "part-*.csv").OrderBy(static f => SequenceOf(f)).ToList() : [];
        await AtomicFile.WriteAsync(_spec.Path, async (stream, ct) =>
        {
            var header = Encoding.UTF8.GetBytes(string.Join(',', _schema.Fields.Select(static f => f.Name)) + "\n");
            await stream.WriteAsync(header, ct).ConfigureAwait(false);
            if (!_spec.Sort)
            {
                foreach (var part in parts)
                {
                    await using var input = File.OpenRead(part);
                    await input.CopyToAsync(stream, ct).ConfigureAwait(false);
                }

                return;
            }

            // Each line's fields are parsed once, not at every comparison.
            var lines = new List<(string Line, CsvSortKey Key)>();
            foreach (var part in parts)
            {
                foreach (var line in await File.ReadAllLinesAsync(part, ct).ConfigureAwait(false))
                {
                    lines.Add((line, CsvSortKey.Of(line)));
                }
            }

            lines.Sort(static (a, b) => CsvSortKey.Compare(a.Key, b.Key));
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            foreach (var (line, _) in lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            Directory.Delete(PartsFolder, recursive: true);
        }
    }

    private string Pending(long sequence) => Path.Combine(PartsFolder, string.Create(CultureInfo.InvariantCulture, $"part-{sequence:D10}.pending"));

    private string Published(long sequence) => Path.Combine(PartsFolder, string.Create(CultureInfo.InvariantCulture, $"part-{sequence:D10}.csv"));

    private static long? SequenceOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return name.StartsWith("part-", StringComparison.Ordinal) && long.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
    }

    public void Dispose() => _pending?.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
