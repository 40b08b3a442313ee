using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.State;

namespace Sluice.Retention;

/// <summary>
/// Writes runs to JSON Lines files before <see cref="RetentionPurger"/> deletes them (<c>sluice db archive</c>): one
/// folder per archive with <c>runs.jsonl</c>, <c>tasks.jsonl</c>, <c>attempts.jsonl</c> and <c>logs.jsonl</c>, one record
/// per line, names in snake_case as in the store. Each batch is flushed to disk before its runs are deleted, so a crash
/// loses nothing; a run archived just before a crash is archived again by the next archive (at least once).
/// </summary>
public sealed class RunArchive : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private const int LogPage = 10_000;
    private readonly IStateStore _state;
    private readonly FileStream _runs;
    private readonly FileStream _tasks;
    private readonly FileStream _attempts;
    private readonly FileStream _logs;

    /// <summary>Creates (or appends to) the archive files in <paramref name="folder"/>, creating it.</summary>
    /// <param name="state">The store the runs are read from.</param>
    /// <param name="folder">The archive folder.</param>
    public RunArchive(IStateStore state, string folder)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _state = state;
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        _runs = Open("runs.jsonl");
        _tasks = Open("tasks.jsonl");
        _attempts = Open("attempts.jsonl");
        _logs = Open("logs.jsonl");
    }

    /// <summary>The archive folder.</summary>
    public string Folder { get; }

    /// <summary>Appends <paramref name="runIds"/> with their task instances, attempts and log lines, and flushes to disk; returns how many runs were written.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        long written = 0;
        foreach (var id in runIds)
        {
            if (await _state.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                continue;
            }
            await WriteLineAsync(_runs, run, cancellationToken).ConfigureAwait(false);
            foreach (var task in await _state.GetTaskInstancesAsync(id, cancellationToken).ConfigureAwait(false))
            {
                await WriteLineAsync(_tasks, task, cancellationToken).ConfigureAwait(false);
            }
            foreach (var attempt in await _state.GetAttemptsAsync(id, null, cancellationToken).ConfigureAwait(false))
            {
                await WriteLineAsync(_attempts, attempt, cancellationToken).ConfigureAwait(false);
            }
            long after = 0;
            while (true)
            {
                var page = await _state.GetLogsAsync(id, null, after, LogPage, cancellationToken).ConfigureAwait(false);
                foreach (var line in page)
                {
                    await WriteLineAsync(_logs, line, cancellationToken).ConfigureAwait(false);
                }
                if (page.Count < LogPage)
                {
                    break;
                }
                after = page[^1].Sequence;
            }
            written++;
        }
        // On disk before the caller deletes the rows.
        foreach (var file in new[] { _runs, _tasks, _attempts, _logs })
        {
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        return written;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _runs.DisposeAsync().ConfigureAwait(false);
        await _tasks.DisposeAsync().ConfigureAwait(false);
        await _attempts.DisposeAsync().ConfigureAwait(false);
        await _logs.DisposeAsync().ConfigureAwait(false);
    }

    private FileStream Open(string name) => new(Path.Combine(Folder, name), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);

    private static async Task WriteLineAsync<T>(FileStream file, T record, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(file, record, Json, cancellationToken).ConfigureAwait(false);
        file.WriteByte((byte)'\n');
    }
}
