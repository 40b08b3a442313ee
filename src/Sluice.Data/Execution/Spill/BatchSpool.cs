using System.Runtime.CompilerServices;
using Sluice.Data.Batches;

namespace Sluice.Data.Execution.Spill;

/// <summary>
/// An ordered buffer of record batches under a <see cref="MemoryBudget"/>. A batch stays in memory while the budget
/// grants its size; otherwise it is written to a spill file (created on first need in the budget's folder, deleted
/// when closed) and released. <see cref="Replay"/> hands every batch back in the order added, memory and spilled ones
/// interleaved. Not thread-safe: one producer adds, then one consumer takes.
/// </summary>
internal sealed class BatchSpool : IDisposable
{
    private readonly Schema _schema;
    private readonly MemoryBudget _budget;
    private readonly List<Entry> _entries = [];
    private FileStream? _file;
    private long _fileLength;
    private bool _disposed;

    public BatchSpool(Schema schema, MemoryBudget budget)
    {
        _schema = schema;
        _budget = budget;
    }

    /// <summary>The number of batches added.</summary>
    public int Count => _entries.Count;

    /// <summary>The number of batches written to disk.</summary>
    public int SpilledCount { get; private set; }

    /// <summary>The spill file's path while it exists (for tests), else null.</summary>
    public string? FilePath => _file?.Name;

    /// <summary>Adds a batch (ownership passes). <paramref name="allowMemory"/> false writes it to disk regardless.</summary>
    /// <returns>True when the batch stays in memory; false when it was spilled (and released).</returns>
    /// <exception cref="DataException">Writing the spill file failed (transient: a full disk, say).</exception>
    public bool Add(RecordBatch batch, bool allowMemory = true)
    {
        if (_disposed)
        {
            batch.Dispose();
            throw new ObjectDisposedException(nameof(BatchSpool));
        }

        var size = BatchSize.Of(batch);
        if (allowMemory && _budget.TryReserve(size))
        {
            _entries.Add(new Entry(batch, size, -1));
            return true;
        }

        using (batch)
        {
            var file = OpenFile();
            var offset = _fileLength;
            try
            {
                file.Seek(offset, SeekOrigin.Begin);
                BatchSerializer.Write(file, batch);
                _fileLength = file.Position;
            }
            catch (IOException ex)
            {
                throw new DataException($"Spilling to '{_budget.SpillDirectory}' failed: {ex.Message}", isTransient: true, ex);
            }

            _budget.AddSpilled(_fileLength - offset);
            _budget.CollectIfBloated();
            _entries.Add(new Entry(null, 0, offset));
            SpilledCount++;
            return false;
        }
    }

    /// <summary>Hands out batch <paramref name="index"/> (each once); the caller owns it. Its reservation is released.</summary>
    public RecordBatch Take(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = _entries[index];
        if (entry.Taken)
        {
            throw new InvalidOperationException($"Spooled batch {index} was already taken.");
        }

        _entries[index] = entry with { Batch = null, Reserved = 0, Taken = true };
        if (entry.Batch is { } batch)
        {
            _budget.Release(entry.Reserved);
            return batch;
        }

        try
        {
            _budget.CollectIfBloated();
            _file!.Seek(entry.Offset, SeekOrigin.Begin);
            return BatchSerializer.Read(_file, _schema);
        }
        catch (IOException ex)
        {
            throw new DataException($"Reading spill file '{_file!.Name}' failed: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <summary>True when batch <paramref name="index"/> is held in memory (not spilled, not taken).</summary>
    public bool InMemory(int index) => _entries[index].Batch is not null;

    /// <summary>Hands out every batch in order (the caller owns each); batches not reached stay for <see cref="Dispose"/>.</summary>
    public IEnumerable<RecordBatch> Replay()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            yield return Take(i);
        }
    }

    /// <summary><see cref="Replay"/> as an async stream, the input of an operator that works partition by partition.</summary>
    public async IAsyncEnumerable<RecordBatch> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Take(i);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Releases batches still held and deletes the spill file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var e in _entries)
        {
            if (e.Batch is { } b)
            {
                b.Dispose();
                _budget.Release(e.Reserved);
            }
        }

        _entries.Clear();
        _file?.Dispose();
        _file = null;
    }

    private FileStream OpenFile() => _file ??= SpillFile.Create(_budget);

    private readonly record struct Entry(RecordBatch? Batch, long Reserved, long Offset, bool Taken = false);
}
