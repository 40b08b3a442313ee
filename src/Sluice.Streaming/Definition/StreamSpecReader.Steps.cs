using System.Globalization;
using Sluice.Expressions;

namespace Sluice.Streaming.Definition;

/// <summary>The stateful steps outside the window: dedupe, enrich, anomaly.</summary>
internal sealed partial class StreamSpecReader
{
    /// <summary>The stateful step kinds, besides the stateless ones and the window.</summary>
    private static readonly string[] StatefulKinds = ["dedupe", "enrich", "anomaly"];

    /// <summary>Reads a stateful step's config into its spec, or null when <paramref name="kind"/> is not one.</summary>
    private object? StatefulStep(string kind, object? config, string path) => kind switch
    {
        "dedupe" => Dedupe(Map(config, path), path),
        "enrich" => Enrich(Map(config, path), path),
        "anomaly" => Anomaly(Map(config, path), path),
        _ => null,
    };

    private DedupeSpec Dedupe(IReadOnlyDictionary<string, object?> d, string path)
    {
        Known(d, path, "key", "ttl");
        var ttl = Duration(d, "ttl", path) ?? throw Error($"{path}.ttl", "nothing", "a duration such as 10m (how long a key is remembered)");
        if (ttl < 1)
        {
            throw Error($"{path}.ttl", ttl + "ms", "a positive duration");
        }

        return new DedupeSpec(Names(d.GetValueOrDefault("key"), $"{path}.key"), ttl);
    }

    private EnrichSpec Enrich(IReadOnlyDictionary<string, object?> e, string path)
    {
        Known(e, path, "with", "on", "columns", "how", "refresh");
        var with = e.GetValueOrDefault("with") ?? throw Error($"{path}.with", "nothing", "the reference dataset: a path, {path, format, table}, or an upstream task's output");
        var on = e.GetValueOrDefault("on") switch
        {
            IReadOnlyDictionary<string, object?> map => map.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value as string ?? throw Error($"{path}.on.{kv.Key}", ExprValues.ToText(kv.Value), "the reference column's name"))).ToList(),
            var names => [.. Names(names, $"{path}.on").Select(static n => new KeyValuePair<string, string>(n, n))],
        };
        if (on.Count == 0)
        {
            throw Error($"{path}.on", "nothing", "the key: a column name, a list, or {stream_column: reference_column}");
        }

        var how = OneOf(Text(e, "how", path) ?? "left", $"{path}.how", "left", "inner");
        return new EnrichSpec(with, on, e.ContainsKey("columns") ? Names(e["columns"], $"{path}.columns") : null, how == "inner", Duration(e, "refresh", path) ?? 0);
    }

    private AnomalySpec Anomaly(IReadOnlyDictionary<string, object?> a, string path)
    {
        Known(a, path, "value", "key", "windows", "min_windows", "sigma", "alert");
        var windows = Long(a, "windows", path) ?? 10;
        var min = Long(a, "min_windows", path) ?? Math.Min(3, windows);
        if (windows < 2 || min < 2 || min > windows)
        {
            throw Error($"{path}.windows", string.Create(CultureInfo.InvariantCulture, $"{windows} (min_windows {min})"), "windows ≥ 2 and 2 ≤ min_windows ≤ windows");
        }

        var sigma = a.GetValueOrDefault("sigma") switch
        {
            null => 3.0,
            long l when l > 0 => l,
            double d when d > 0 => d,
            var v => throw Error($"{path}.sigma", ExprValues.ToText(v), "a positive number of standard deviations such as 3"),
        };
        return new AnomalySpec(Text(a, "value", path, required: true)!, Names(a.GetValueOrDefault("key"), $"{path}.key"), (int)windows, (int)min, sigma, Bool(a, "alert", path) ?? false);
    }

    private void Known(IReadOnlyDictionary<string, object?> map, string path, params string[] keys)
    {
        foreach (var key in map.Keys)
        {
            if (!keys.Contains(key))
            {
                throw Error($"{path}.{key}", key, $"one of: {string.Join(", ", keys)}");
            }
        }
    }
}
