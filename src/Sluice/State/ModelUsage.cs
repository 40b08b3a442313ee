using System.Globalization;

namespace Sluice.State;

/// <summary>What tasks spent on models, read back from <see cref="LogStreams.Usage"/> lines and added up per run.</summary>
/// <param name="Requests">Requests sent (retries included).</param>
/// <param name="Cached">Answers taken from the response cache.</param>
/// <param name="Failed">Calls that ended without a valid answer.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record ModelUsage(long Requests, long Cached, long Failed, long InputTokens, long OutputTokens)
{
    /// <summary>Nothing spent.</summary>
    public static ModelUsage None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Both added.</summary>
    public ModelUsage Add(ModelUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Requests + other.Requests, Cached + other.Cached, Failed + other.Failed, InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
    }

    /// <summary>Writes the totals as <c>{requests, cached, failed, input_tokens, output_tokens}</c> (the form every report uses).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("requests", Requests);
        writer.WriteNumber("cached", Cached);
        writer.WriteNumber("failed", Failed);
        writer.WriteNumber("input_tokens", InputTokens);
        writer.WriteNumber("output_tokens", OutputTokens);
        writer.WriteEndObject();
    }

    /// <summary>Reads a usage line (<c>model=… requests=3 cached=0 … input_tokens=33 output_tokens=21</c>); unknown keys are ignored.</summary>
    public static ModelUsage Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        long Get(string key)
        {
            foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith(key + "=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(key.Length + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                {
                    return v;
                }
            }
            return 0;
        }
        return new(Get("requests"), Get("cached"), Get("failed"), Get("input_tokens"), Get("output_tokens"));
    }

    /// <summary>Every usage line of <paramref name="runId"/> added up, and the run's <c>&lt;AUTO&gt;</c> decisions in order.</summary>
    public static async Task<(ModelUsage Usage, IReadOnlyList<LogRecord> AutoDecisions)> ReadAsync(IStateStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var usage = None;
        var auto = new List<LogRecord>();
        long after = 0;
        while (true)
        {
            var page = await store.GetLogsAsync(runId, null, after, 10_000, cancellationToken).ConfigureAwait(false);
            foreach (var l in page)
            {
                if (l.Stream == LogStreams.Usage)
                {
                    usage = usage.Add(Parse(l.Text));
                }
                else if (l.Stream == LogStreams.Auto)
                {
                    auto.Add(l);
                }
            }
            if (page.Count < 10_000)
            {
                return (usage, auto);
            }
            after = page[^1].Sequence;
        }
    }
}
