using System.Globalization;

namespace Sluice.AI.Chat;

/// <summary>Counts what one task spent on a model: requests sent, answers from the cache, retries, failures and tokens. Thread-safe.</summary>
public sealed class UsageMeter
{
    private long _requests, _cached, _retries, _failed, _input, _output;

    /// <summary>Requests sent (retries included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answers taken from the response cache.</summary>
    public long Cached => Interlocked.Read(ref _cached);

    /// <summary>Requests sent again after a 429, 5xx, timeout, network error or invalid answer.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Calls that ended without a valid answer.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Prompt tokens.</summary>
    public long InputTokens => Interlocked.Read(ref _input);

    /// <summary>Completion tokens.</summary>
    public long OutputTokens => Interlocked.Read(ref _output);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void Hit() => Interlocked.Increment(ref _cached);

    internal void Fail() => Interlocked.Increment(ref _failed);

    internal void Tokens(long input, long output)
    {
        Interlocked.Add(ref _input, input);
        Interlocked.Add(ref _output, output);
    }

    /// <summary>The line written to the task's <c>usage</c> log stream, which <c>sluice show</c> adds up per run.</summary>
    public string ToLogLine(ChatModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var cost = model.CostOf(InputTokens, OutputTokens) is { } c ? string.Create(CultureInfo.InvariantCulture, $" cost={c:0.#########}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"model={model.Model} requests={Requests} cached={Cached} retries={Retries} failed={Failed} input_tokens={InputTokens} output_tokens={OutputTokens}{cost}");
    }

    /// <summary>The counters as an output map.</summary>
    public Dictionary<string, object?> ToMap() => new(StringComparer.Ordinal)
    {
        ["requests"] = Requests,
        ["cached"] = Cached,
        ["retries"] = Retries,
        ["failed_requests"] = Failed,
        ["input_tokens"] = InputTokens,
        ["output_tokens"] = OutputTokens,
        ["total_tokens"] = InputTokens + OutputTokens,
    };

    /// <summary>The counters as an output map, with <c>cost</c> when <paramref name="model"/> declares prices.</summary>
    public Dictionary<string, object?> ToMap(ChatModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var map = ToMap();
        if (model.CostOf(InputTokens, OutputTokens) is { } c)
        {
            map["cost"] = c;
        }
        return map;
    }
}
