namespace Sluice.Execution.FlowControl;

/// <summary>An attempt let through by <see cref="FlowGates"/>; its outcome is reported to the task's breaker, once.</summary>
internal sealed class FlowPass(CircuitBreaker? breaker)
{
    private int _reported;

    /// <summary>No limits apply.</summary>
    public static FlowPass None { get; } = new(null);

    /// <summary>The attempt succeeded.</summary>
    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            breaker?.Success();
        }
    }

    /// <summary>The attempt failed (<paramref name="counts"/>) or was stopped without an outcome.</summary>
    public void Ended(bool counts)
    {
        if (Interlocked.Exchange(ref _reported, 1) != 0 || breaker is null)
        {
            return;
        }
        if (counts)
        {
            breaker.Failure();
        }
        else
        {
            breaker.Abandon();
        }
    }
}
