using System.Globalization;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Scheduling.Cron;

namespace Sluice.Scheduling.Triggers;

/// <summary>Builds <see cref="ScheduledTrigger"/>s from the <c>cron</c> and <c>interval</c> triggers of pipeline definitions.</summary>
public static class TriggerSchedules
{
    /// <summary>The default of <c>max_catchup_runs</c>.</summary>
    public const int DefaultMaxCatchUpRuns = 1;

    /// <summary>The time-based triggers of <paramref name="pipeline"/>, in declaration order; other trigger types are left out.</summary>
    /// <exception cref="SluiceException">A trigger's settings are invalid (definitions that passed validation do not raise it).</exception>
    public static IReadOnlyList<ScheduledTrigger> FromPipeline(PipelineDefinition pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var result = new List<ScheduledTrigger>();
        for (var i = 0; i < pipeline.Triggers.Count; i++)
        {
            if (FromTrigger(pipeline.Id, i, pipeline.Triggers[i]) is { } trigger)
            {
                result.Add(trigger);
            }
        }
        return result;
    }

    /// <summary>The scheduled form of one trigger, or null when its type is not time-based (file, webhook, pipeline).</summary>
    /// <exception cref="SluiceException">The settings are invalid.</exception>
    public static ScheduledTrigger? FromTrigger(string pipelineId, int index, TriggerDefinition trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var where = $"trigger {index + 1} of pipeline '{pipelineId}'";
        var settings = trigger.Settings;
        switch (trigger.Type)
        {
            case "cron":
                var text = settings.GetValueOrDefault("cron") as string ?? throw new SluiceException($"{where} has no 'cron' expression");
                if (!CronExpression.TryParse(text, out var cron, out var error))
                {
                    throw new SluiceException($"{where}: the cron expression '{text}' is invalid at column {error.Column}: {error.Message}", error);
                }
                var zone = Zone(settings.GetValueOrDefault("timezone"), where);
                var catchUp = settings.GetValueOrDefault("catchup") switch
                {
                    null => false,
                    bool b => b,
                    var other => throw new SluiceException($"{where}: 'catchup' must be true or false, but is {other}"),
                };
                var max = settings.GetValueOrDefault("max_catchup_runs") switch
                {
                    null => DefaultMaxCatchUpRuns,
                    long l and >= 0 and <= int.MaxValue => (int)l,
                    int n and >= 0 => n,
                    var other => throw new SluiceException($"{where}: 'max_catchup_runs' must be a whole number of 0 or more, but is {other}"),
                };
                return new ScheduledTrigger(pipelineId, index, new CronSchedule(cron, zone), catchUp, max);
            case "interval":
                var every = Every(settings.GetValueOrDefault("every"), where);
                var start = StartAt(settings.GetValueOrDefault("start_at"), where);
                return new ScheduledTrigger(pipelineId, index, new IntervalSchedule(every, start));
            default:
                return null;
        }
    }

    private static TimeZoneInfo Zone(object? value, string where)
    {
        if (value is null)
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(value as string ?? string.Empty);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SluiceException($"{where}: '{value}' is not a known time zone; use an IANA id such as Europe/Paris", e);
        }
    }

    private static TimeSpan Every(object? value, string where)
    {
        var every = value switch
        {
            TimeSpan t => t,
            long seconds => TimeSpan.FromSeconds(seconds),
            int seconds => TimeSpan.FromSeconds(seconds),
            string s when DurationParser.TryParse(s, out var parsed, out _) => parsed,
            null => throw new SluiceException($"{where} has no 'every' duration"),
            _ => throw new SluiceException($"{where}: 'every' is not a duration: {value}"),
        };
        return every > TimeSpan.Zero ? every : throw new SluiceException($"{where}: 'every' must be more than zero");
    }

    private static DateTimeOffset? StartAt(object? value, string where) => value switch
    {
        null => null,
        DateTimeOffset d => d,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => throw new SluiceException($"{where}: 'start_at' is not an ISO 8601 timestamp: {value}"),
    };
}
