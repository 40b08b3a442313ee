using System.Globalization;

namespace Sluice.State;

/// <summary>What tasks spent on models, read back from <see cref="LogStreams.Usage"/> lines and added up per run.</summary>
/// <param name="Requests">Requests sent (retries included).</param>
/// <param name="Cached">Answers taken from the response cache.</param>
/// <param name="Failed">Calls that ended without a valid answer.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="Cost">What the tokens cost at the model's declared prices (<c>input_cost_per_million_tokens</c>,
/// <c>output_cost_per_million_tokens</c>, in the currency they are written in); null when no price is declared.</param>
public sealed record ModelUsage(long Requests, long Cached, long Failed, long InputTokens, long OutputTokens, double? Cost = null)
{
    /// <summary>Nothing spent.</summary>
    public static ModelUsage None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Both added.</summary>
    public ModelUsage Add(ModelUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var cost = Cost is null && other.Cost is null ? (double?)null : (Cost ?? 0) + (other.Cost ?? 0);
        return new(Requests + other.Requests, Cached + other.Cached, Failed + other.Failed, InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, cost);
    }

    /// <summary>
    /// Writes the totals as <c>{requests, cached, failed, input_tokens, output_tokens, cost}</c> (the form every report
    /// uses), with <c>by_model</c> when given.
    /// </summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer, IReadOnlyDictionary<string, ModelUsage>? byModel = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("requests", Requests);
        writer.WriteNumber("cached", Cached);
        writer.WriteNumber("failed", Failed);
        writer.WriteNumber("input_tokens", InputTokens);
        writer.WriteNumber("output_tokens", OutputTokens);
        if (Cost is { } cost)
        {
            writer.WriteNumber("cost", Math.Round(cost, 6));
        }
        else
        {
            writer.WriteNull("cost");
        }
        if (byModel is not null)
        {
            writer.WriteStartObject("by_model");
            foreach (var (model, usage) in byModel)
            {
                writer.WritePropertyName(model);
                usage.WriteJson(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>The model a usage line names (<c>model=…</c>), or null.</summary>
    public static string? ModelOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("model=", StringComparison.Ordinal))
            {
                return part[6..];
            }
        }
        return null;
    }

    /// <summary>Reads a usage line (<c>model=… requests=3 cached=0 … input_tokens=33 output_tokens=21 cost=0.05</c>); unknown keys are ignored.</summary>
    public static ModelUsage Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        long requests = 0, cached = 0, failed = 0, input = 0, output = 0;
        double? cost = null;
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var value = part.AsSpan(eq + 1);
            if (part.AsSpan(0, eq) is "cost")
            {
                cost = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : cost;
                continue;
            }
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                continue;
            }
            switch (part.AsSpan(0, eq))
            {
                case "requests":
                    requests = n;
                    break;
                case "cached":
                    cached = n;
                    break;
                case "failed":
                    failed = n;
                    break;
                case "input_tokens":
                    input = n;
                    break;
                case "output_tokens":
                    output = n;
                    break;
            }
        }
        return new(requests, cached, failed, input, output, cost);
    }
}
