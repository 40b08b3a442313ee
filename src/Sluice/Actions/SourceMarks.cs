using Sluice.State;

namespace Sluice.Actions;

/// <summary>
/// The committed high-water marks of the task's incremental sources, as an action reads them at the start of an attempt.
/// An action returns the new marks with its result (<see cref="ActionResult.Marks"/>); the engine commits them in the
/// transaction that records the task's success, so a failed or crashed attempt leaves them where they were.
/// </summary>
public sealed class SourceMarks
{
    private readonly Func<CancellationToken, Task<IReadOnlyList<SourceMarkRecord>>> _load;
    private Dictionary<string, string>? _marks;

    /// <summary>Reads the marks with <paramref name="load"/> (once, on first use).</summary>
    /// <param name="load">Loads the task's marks from the store.</param>
    public SourceMarks(Func<CancellationToken, Task<IReadOnlyList<SourceMarkRecord>>> load) => _load = load ?? throw new ArgumentNullException(nameof(load));

    /// <summary>No marks (an action called outside a run, or by an engine without a store).</summary>
    public static SourceMarks None { get; } = new(static _ => Task.FromResult<IReadOnlyList<SourceMarkRecord>>([]));

    /// <summary>The committed mark of <paramref name="sourceKey"/>, or null when the source was never read (or after a full refresh).</summary>
    public async ValueTask<string?> GetAsync(string sourceKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        if (_marks is null)
        {
            var rows = await _load(cancellationToken).ConfigureAwait(false);
            _marks = rows.ToDictionary(static r => r.SourceKey, static r => r.Value, StringComparer.Ordinal);
        }
        return _marks.GetValueOrDefault(sourceKey);
    }
}
