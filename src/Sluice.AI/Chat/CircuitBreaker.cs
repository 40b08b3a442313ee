namespace Sluice.AI.Chat;

/// <summary>
/// Stops calling an endpoint that keeps failing: after <c>failures</c> consecutive failed requests (retries exhausted)
/// the circuit opens and requests fail at once for <c>openFor</c>; then one request is let through (half-open), and its
/// outcome closes or re-opens the circuit. Thread-safe.
/// </summary>
internal sealed class CircuitBreaker(int failures, TimeSpan openFor, TimeProvider time)
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

    public void Success()
    {
        lock (_gate)
        {
            _consecutive = 0;
            _openUntil = null;
            _probing = false;
        }
    }

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
