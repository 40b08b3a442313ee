using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sluice.Definition;

/// <summary>
/// Writes a <see cref="PipelineDefinition"/> as canonical JSON: fixed member order, map keys sorted
/// ordinally, durations in <see cref="DurationParser.Format"/> form, integers as integers. The
/// <see cref="PipelineDefinition.Source"/> map and <see cref="PipelineDefinition.InlineActions"/> are left out,
/// so the same pipeline written in YAML or built in C# has the same JSON and the same hash.
/// </summary>
public static class DefinitionCanonicalizer
{
    /// <summary>The canonical JSON text (compact, UTF-8 without BOM when encoded).</summary>
    public static string ToCanonicalJson(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            Write(w, definition);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The SHA-256 of <see cref="ToCanonicalJson"/> as lowercase hex; identifies the exact definition.</summary>
    public static string ComputeHash(PipelineDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ToCanonicalJson(definition))));

    private static void Write(Utf8JsonWriter w, PipelineDefinition d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("name", d.Name);
        w.WriteString("version", d.Version);
        w.WritePropertyName("metadata");
        w.WriteStartObject();
        w.WriteString("description", d.Metadata.Description);
        w.WriteString("author", d.Metadata.Author);
        w.WritePropertyName("tags");
        WriteValue(w, d.Metadata.Tags);
        w.WritePropertyName("extra");
        WriteValue(w, d.Metadata.Extra);
        w.WriteEndObject();
        w.WriteStartArray("inputs");
        foreach (var i in d.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            w.WriteString("type", Snake(i.Type.ToString()));
            w.WriteBoolean("has_default", i.HasDefault);
            w.WritePropertyName("default");
            WriteValue(w, i.Default);
            w.WriteBoolean("required", i.Required);
            w.WritePropertyName("enum");
            WriteValue(w, i.Enum);
            w.WriteString("description", i.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("models");
        foreach (var m in d.Models)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteString("provider", m.Provider);
            w.WriteString("model", m.Model);
            w.WritePropertyName("settings");
            WriteValue(w, m.Settings);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("context");
        WriteValue(w, d.Context);
        if (d.Result is not null)
        {
            w.WritePropertyName("result");
            WriteValue(w, d.Result);
        }
        w.WriteStartArray("triggers");
        foreach (var t in d.Triggers)
        {
            w.WriteStartObject();
            w.WriteString("type", t.Type);
            w.WritePropertyName("settings");
            WriteValue(w, t.Settings);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("defaults");
        WritePolicy(w, d.Defaults);
        WriteNumber(w, "max_active_tasks", d.MaxActiveTasks);
        if (d.MaxActiveRuns is { } maxRuns)
        {
            // Written only when set, so the hashes of definitions without it stay as they were.
            w.WriteNumber("max_active_runs", maxRuns);
        }
        if (d.MaxActiveRunsOnLimit != RunLimitAction.Queue)
        {
            w.WriteString("max_active_runs_on_limit", "skip");
        }
        if (d.Concurrency is { } concurrency)
        {
            w.WriteStartObject("concurrency");
            w.WriteString("key", concurrency.Key);
            w.WriteNumber("limit", concurrency.Limit);
            w.WriteEndObject();
        }
        w.WritePropertyName("sla_max_duration");
        WriteValue(w, d.SlaMaxDuration);
        if (d.SlaDoneBy is { } doneBy)
        {
            // Written only when set, so the hashes of definitions without it stay as they were.
            w.WriteString("sla_done_by", doneBy.At.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("sla_timezone", doneBy.TimeZone);
        }
        w.WriteStartArray("tasks");
        foreach (var t in d.Tasks)
        {
            WriteTask(w, t);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter w, TaskDefinition t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
        w.WriteString("action", t.Action);
        w.WritePropertyName("parameters");
        WriteValue(w, t.Parameters);
        w.WritePropertyName("dependencies");
        WriteValue(w, t.Dependencies);
        w.WritePropertyName("outputs");
        WriteValue(w, t.Outputs);
        w.WriteString("condition", t.Condition);
        w.WriteString("for_each", t.ForEach);
        w.WriteBoolean("parallel", t.Parallel);
        w.WritePropertyName("max_workers");
        WriteValue(w, t.MaxWorkers);
        w.WritePropertyName("policy");
        WritePolicy(w, t.Policy);
        w.WriteString("model", t.Model);
        w.WriteString("pool", t.Pool);
        w.WriteNumber("priority", t.Priority);
        w.WriteString("trigger_rule", Snake(t.TriggerRule.ToString()));
        if (t.SlaMaxDuration is { } sla)
        {
            // Written only when set, so the hashes of definitions without it stay as they were.
            w.WritePropertyName("sla_max_duration");
            WriteValue(w, sla);
        }
        w.WriteEndObject();
    }

    private static void WritePolicy(Utf8JsonWriter w, TaskPolicy p)
    {
        w.WriteStartObject();
        WriteNumber(w, "retries", p.Retries);
        w.WritePropertyName("retry_delay");
        WriteValue(w, p.RetryDelay);
        w.WriteString("backoff", p.Backoff is { } b ? Snake(b.ToString()) : null);
        w.WritePropertyName("max_retry_delay");
        WriteValue(w, p.MaxRetryDelay);
        w.WritePropertyName("timeout");
        WriteValue(w, p.Timeout);
        // Written only when set, so that the version hashes of pipelines without them stay what they were.
        if (p.RetryOn is { } on)
        {
            w.WriteString("retry_on", on.ToString());
        }
        if (p.NoRetryOn is { } off)
        {
            w.WriteString("no_retry_on", off.ToString());
        }
        if (p.RateLimit is { } rate)
        {
            w.WriteString("rate_limit", string.Create(CultureInfo.InvariantCulture, $"{rate.Requests}/{DurationParser.Format(rate.Per)}/{rate.Key}"));
        }
        if (p.Breaker is { } breaker)
        {
            w.WriteString("circuit_breaker", string.Create(CultureInfo.InvariantCulture, $"{breaker.Failures}/{DurationParser.Format(breaker.ResetAfter)}/{breaker.Key}"));
        }
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case long or int or short or byte or sbyte or ushort or uint:
                w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                WriteDouble(w, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case TimeSpan ts:
                w.WriteStringValue(DurationParser.Format(ts));
                break;
            case DateTimeOffset dto:
                w.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                break;
            case AutoValue a:
                w.WriteStartObject();
                w.WriteString("$auto", a.Hint);
                w.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                w.WriteStartObject();
                foreach (var kv in map.OrderBy(static kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(kv.Key);
                    WriteValue(w, kv.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }
                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d))
        {
            // A whole double stays distinct from the integer with the same value: 1.0 is not 1.
            w.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture) + (d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ".0" : string.Empty), skipInputValidation: true);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf");
        }
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select(static (c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
