using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Creates the record of a new run for every engine: saves the version, builds the record, lets the engine insert
/// it (alone, or with its queued work), and keeps deterministic run ids idempotent.
/// </summary>
internal static class RunCreation
{
    /// <summary>
    /// Returns the run <paramref name="runId"/> when it exists; otherwise builds a <see cref="RunState.Queued"/> record,
    /// lets <paramref name="shape"/> adjust it for the engine and <paramref name="insert"/> store it, and returns it.
    /// </summary>
    public static async Task<RunRecord> CreateAsync(IStateStore store, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string trigger, DateTimeOffset? logicalDate, string? runId, DateTimeOffset now,
        Func<RunRecord, RunRecord> shape, Func<RunRecord, CancellationToken, Task> insert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(inputs);
        await store.SavePipelineVersionAsync(version, cancellationToken).ConfigureAwait(false);
        if (runId is not null && await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var run = shape(new RunRecord
        {
            RunId = runId ?? RunIds.New(now),
            PipelineId = version.PipelineId,
            VersionHash = version.Hash,
            State = RunState.Queued,
            InputsJson = OutputJson.Serialize(inputs),
            LogicalDate = logicalDate,
            Trigger = trigger,
            CreatedAt = now,
        });
        try
        {
            await insert(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (runId is not null)
        {
            // Another process (a second delivery of a scheduled fire, another server) may have created the same
            // deterministic run first, and our insert or transaction failed: then theirs stands.
            if (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } theirs)
            {
                return theirs;
            }
            throw;
        }
        return run;
    }
}
