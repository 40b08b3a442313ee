using System.Globalization;

namespace Sluice.Scheduling;

/// <summary>One firing of a time-based trigger: the scheduler asks the host to start a run for it.</summary>
/// <param name="PipelineId">The pipeline to run.</param>
/// <param name="TriggerIndex">Which of the pipeline's triggers fired.</param>
/// <param name="LogicalDate">The schedule instant this fire stands for (the cron or interval time), not the time it was delivered.</param>
/// <param name="IsCatchUp">True when later dates were already due when this one was dispatched: it is a catch-up of a missed date.</param>
/// <remarks>
/// Contract with the host: the scheduler records a fire durably before calling the host's callback,
/// and calls it again after a restart if the callback had not completed. A fire can therefore be
/// delivered more than once, never skipped. The host makes delivery idempotent by creating the run with
/// <see cref="RunId"/>, which depends only on the pipeline and the logical date, and by treating "run
/// already exists" as success (insert-if-absent).
/// </remarks>
public sealed record ScheduledFire(string PipelineId, int TriggerIndex, DateTimeOffset LogicalDate, bool IsCatchUp)
{
    /// <summary>1 for the first delivery; more when the fire is delivered again after a failed callback or a restart.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The deterministic run id, <c>{pipeline}@{logical date as yyyyMMddTHHmmssZ}</c>; see <see cref="RunIdFor"/>.</summary>
    public string RunId => RunIdFor(PipelineId, LogicalDate);

    /// <summary>
    /// The id of the scheduled run of <paramref name="pipelineId"/> for <paramref name="logicalDate"/>, such as
    /// <c>orders_etl@20260301T020000Z</c> (ISO 8601 basic format in UTC, fraction of a second only when present).
    /// Two triggers of one pipeline firing at the same instant yield the same id, hence one run.
    /// </summary>
    public static string RunIdFor(string pipelineId, DateTimeOffset logicalDate)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        var utc = logicalDate.UtcDateTime;
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var stamp = utc.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            stamp += "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }
        return $"{pipelineId}@{stamp}Z";
    }
}
