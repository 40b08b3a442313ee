namespace Sluice.Distributed;

/// <summary>
/// Jobs to insert as columns, with their initial state decided from their dependencies: ready when every
/// dependency succeeded, failed when one failed, pending otherwise (with the count it waits for).
/// Shared by the stores so both decide alike.
/// </summary>
public sealed class JobInsertPlan
{
    private JobInsertPlan(int n)
    {
        Ids = new long[n];
        Names = new string[n];
        Args = new string[n];
        Queues = new string[n];
        Priorities = new int[n];
        MaxRetries = new int[n];
        Remaining = new int[n];
        States = new string[n];
        Errors = new string?[n];
        AvailableAt = new DateTime[n];
    }

    /// <summary>Job ids (allocated by the store).</summary>
    public long[] Ids { get; }
    /// <summary>Handler names.</summary>
    public string[] Names { get; }
    /// <summary>Arguments as JSON.</summary>
    public string[] Args { get; }
    /// <summary>Queues.</summary>
    public string[] Queues { get; }
    /// <summary>Priorities.</summary>
    public int[] Priorities { get; }
    /// <summary>Retries allowed.</summary>
    public int[] MaxRetries { get; }
    /// <summary>Dependencies not yet succeeded.</summary>
    public int[] Remaining { get; }
    /// <summary>Initial state names.</summary>
    public string[] States { get; }
    /// <summary>Errors of jobs failed at once (a dependency had failed).</summary>
    public string?[] Errors { get; }
    /// <summary>Earliest start (UTC).</summary>
    public DateTime[] AvailableAt { get; }
    /// <summary>Dependency edges: the job depended on.</summary>
    public long[] EdgeFrom { get; private set; } = [];
    /// <summary>Dependency edges: the dependent job.</summary>
    public long[] EdgeTo { get; private set; } = [];
    /// <summary>True when at least one job is ready at once.</summary>
    public bool AnyReady { get; private set; }

    /// <summary>Builds the plan; <paramref name="dependencyState"/> gives the stored state name of an existing job.</summary>
    public static JobInsertPlan Create(IReadOnlyList<NewJob> jobs, IReadOnlyList<long> ids, Func<long, string> dependencyState)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(dependencyState);
        var plan = new JobInsertPlan(jobs.Count);
        var from = new List<long>();
        var to = new List<long>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var j = jobs[i];
            plan.Ids[i] = ids[i];
            (plan.Names[i], plan.Args[i], plan.Queues[i], plan.Priorities[i], plan.MaxRetries[i]) = (j.Name, j.ArgsJson, j.Queue, j.Priority, j.MaxRetries);
            plan.AvailableAt[i] = j.AvailableAt.UtcDateTime;
            var remaining = 0;
            long? failedDependency = null;
            foreach (var d in j.DependsOn.Distinct())
            {
                var state = dependencyState(d);
                if (state == "failed")
                {
                    failedDependency ??= d;
                }
                else if (state != "succeeded")
                {
                    remaining++;
                    from.Add(d);
                    to.Add(ids[i]);
                }
            }
            plan.Remaining[i] = remaining;
            if (failedDependency is { } f)
            {
                plan.States[i] = "failed";
                plan.Errors[i] = $"dependency {f} failed";
            }
            else
            {
                plan.States[i] = remaining > 0 ? "pending" : "ready";
                plan.AnyReady |= remaining == 0;
            }
        }
        plan.EdgeFrom = [.. from];
        plan.EdgeTo = [.. to];
        return plan;
    }
}
