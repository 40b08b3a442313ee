using System.Globalization;
using System.Text.Json;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Distributed;
using Sluice.Execution;

namespace Sluice.TaskQueue;

/// <summary>Runs one job attempt on a worker: finds its handler, runs it, and decides retry or failure.</summary>
internal sealed class JobRunner(WorkerOptions options)
{
    public async Task<JobOutcome> RunAsync(ClaimedWork work, CancellationToken stopping)
    {
        var handlers = options.Handlers;
        var handler = handlers?.Find(work.Name!);
        if (handlers is null || handler is null)
        {
            return Failed(work, $"no handler named '{work.Name}' is registered on worker {options.WorkerId}", retry: false);
        }
        if (work.Lost >= options.MaxLostAttempts)
        {
            return Failed(work, string.Create(CultureInfo.InvariantCulture, $"{work.Lost} attempts were lost with their workers (crash or disconnection); not retried again"), retry: false);
        }
        try
        {
            using var doc = JsonDocument.Parse(work.ArgsJson ?? "null");
            var result = await handler(doc.RootElement, stopping).ConfigureAwait(false);
            return new JobOutcome(work, new JobCompletion(work.Id, JobState.Succeeded, TaskJson.Serialize(result), null));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return new JobOutcome(work, null);
        }
        catch (SluiceException ex) when (!ex.IsTransient)
        {
            return Failed(work, ex.Message, retry: false);
        }
#pragma warning disable CA1031 // A handler's failure of any kind is the job's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(work, $"{ex.GetType().Name}: {ex.Message}", retry: true);
        }
    }

    private JobOutcome Failed(ClaimedWork work, string error, bool retry)
    {
        var counted = work.Attempt - work.Lost;
        if (retry && counted <= work.MaxRetries)
        {
            var policy = new TaskPolicy(work.MaxRetries, options.Handlers?.RetryDelay ?? TimeSpan.FromSeconds(1), BackoffKind.Exponential, TimeSpan.FromMinutes(5));
            var at = options.Time.GetUtcNow() + BackoffCalculator.Delay(policy, counted, options.Jitter);
            return new JobOutcome(work, new JobCompletion(work.Id, JobState.Ready, null, error, at));
        }
        return new JobOutcome(work, new JobCompletion(work.Id, JobState.Failed, null, error));
    }
}
