namespace Sluice.Definition.Validation;

/// <summary>Numbers and durations that the type system allows but the runtime does not (C# definitions mostly).</summary>
internal static class PolicyChecks
{
    public static void Run(ValidationScope s)
    {
        var d = s.Definition;
        Policy(s, d.Defaults, "defaults", null);
        if (d.MaxActiveTasks is < 1)
        {
            s.Bag.Error(DiagnosticCodes.OutOfRange, s.At("defaults.max_active_tasks"), $"max_active_tasks must be at least 1, was {d.MaxActiveTasks}");
        }
        if (d.MaxActiveRuns is < 1)
        {
            s.Bag.Error(DiagnosticCodes.OutOfRange, s.At("max_active_runs"), $"max_active_runs must be at least 1, was {d.MaxActiveRuns}");
        }
        if (d.Concurrency is { Limit: < 1 } concurrency)
        {
            s.Bag.Error(DiagnosticCodes.OutOfRange, s.At("concurrency.limit"), $"concurrency.limit must be at least 1, was {concurrency.Limit}");
        }
        if (d.SlaMaxDuration is { } sla && sla <= TimeSpan.Zero)
        {
            s.Bag.Error(DiagnosticCodes.BadDuration, s.At("sla.max_duration"), $"sla.max_duration must be more than zero, was {DurationParser.Format(sla)}");
        }
        if (d.SlaDoneBy is { } doneBy && !TimeZoneInfo.TryFindSystemTimeZoneById(doneBy.TimeZone, out _))
        {
            s.Bag.Error(DiagnosticCodes.InvalidValue, s.At("sla.timezone"), $"sla.timezone is not a known time zone: '{doneBy.TimeZone}'", "use an IANA time zone id such as Europe/Paris, America/New_York or UTC");
        }
        for (var i = 0; i < d.Tasks.Count; i++)
        {
            var task = d.Tasks[i];
            var path = ValidationScope.TaskPath(i);
            Policy(s, task.Policy, path, task.Id);
            if (task.SlaMaxDuration is { } taskSla && taskSla <= TimeSpan.Zero)
            {
                s.Bag.Error(DiagnosticCodes.BadDuration, s.At(path + ".sla.max_duration", task.Id), $"sla.max_duration of task '{task.Id}' must be more than zero, was {DurationParser.Format(taskSla)}");
            }
            if (task.MaxWorkers is long or int && Convert.ToInt64(task.MaxWorkers, System.Globalization.CultureInfo.InvariantCulture) < 1)
            {
                s.Bag.Error(DiagnosticCodes.OutOfRange, s.At(path + ".max_workers", task.Id), $"max_workers of task '{task.Id}' must be at least 1, was {task.MaxWorkers}");
            }
            else if (task.MaxWorkers is not (null or long or int or string))
            {
                s.Bag.Error(DiagnosticCodes.WrongType, s.At(path + ".max_workers", task.Id), $"max_workers of task '{task.Id}' must be a whole number or a template");
            }
        }
    }

    private static void Policy(ValidationScope s, TaskPolicy p, string path, string? taskId)
    {
        if (p.Retries is < 0)
        {
            s.Bag.Error(DiagnosticCodes.OutOfRange, s.At(path + ".retries", taskId), $"retries must be at least 0, was {p.Retries}");
        }
        Duration(s, p.RetryDelay, path + ".retry_delay", taskId);
        Duration(s, p.MaxRetryDelay, path + ".max_retry_delay", taskId);
        if (p.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            s.Bag.Error(DiagnosticCodes.BadDuration, s.At(path + ".timeout", taskId), $"timeout must be more than zero, was {DurationParser.Format(timeout)}", "leave it out for no timeout");
        }
    }

    private static void Duration(ValidationScope s, TimeSpan? value, string path, string? taskId)
    {
        if (value is { } v && v < TimeSpan.Zero)
        {
            s.Bag.Error(DiagnosticCodes.BadDuration, s.At(path, taskId), $"{path[(path.LastIndexOf('.') + 1)..]} cannot be negative, was {DurationParser.Format(v)}");
        }
    }
}
