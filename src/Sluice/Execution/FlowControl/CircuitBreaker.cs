namespace Sluice.Execution.FlowControl;

/// <summary>
/// Stops calling something that keeps failing: after <c>failures</c> consecutive failures the circuit opens and calls
/// fail at once for <c>openFor</c>; then one call is let through (half-open), and its outcome closes or re-opens the
/// circuit. Thread-safe. Used for language-model endpoints (<c>Sluice.AI</c>) and for tasks' <c>circuit_breaker</c>.
/// </summary>
/// <param name="failures">Consecutive failures that open the circuit.</param>
/// <param name="openFor">How long an open circuit refuses calls before one is tried.</param>
/// <param name="time">The clock.</param>
public sealed class CircuitBreaker(int failures, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutive;
    private DateTimeOffset? _openUntil;
    private bool _probing;

    /// <summary>How often the circuit opened.</summary>
    public int Opened { get; private set; }

    /// <summary>True when a request may be sent now (a half-open probe counts as allowed once).</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_openUntil is not { } until)
            {
                return true;
            }
            if (time.GetUtcNow() < until || _probing)
            {
                return false;
            }
            _probing = true;
            return true;
        }
    }

    /// <summary>When an open circuit lets a call through again; null when it is closed.</summary>
    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_gate)
            {
                return _openUntil;
            }
        }
    }

    /// <summary>A call succeeded: the circuit closes.</summary>
    public void Success()
    {
        lock (_gate)
        {
            _consecutive = 0;
            _openUntil = null;
            _probing = false;
        }
    }

    /// <summary>A call failed.</summary>
    public void Failure() => Record(force: false);

    /// <summary>A request that ended without an outcome (the caller cancelled): a half-open probe may be tried again.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _probing = false;
        }
    }

    /// <summary>Opens the circuit at once (an answer that every later request would get too, such as a rejected key).</summary>
    public void Trip() => Record(force: true);

    private void Record(bool force)
    {
        lock (_gate)
        {
            _consecutive++;
            if (force || _probing || _consecutive >= failures)
            {
                if (_openUntil is null || _probing)
                {
                    Opened++;
                }
                _openUntil = time.GetUtcNow() + openFor;
                _probing = false;
            }
        }
    }
}
