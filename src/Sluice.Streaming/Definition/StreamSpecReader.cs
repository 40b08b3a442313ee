using Sluice.Definition;
using Sluice.Expressions;

namespace Sluice.Streaming.Definition;

/// <summary>
/// Reads the <c>stream</c> action's rendered parameters into a <see cref="StreamSpec"/>. Every error names the parameter
/// path (<c>task.parameters.window.size</c>), quotes the value and says what is expected; it is not transient.
/// </summary>
internal sealed partial class StreamSpecReader(string taskId)
{
    private static readonly string[] StatelessKinds = ["filter", "derive", "select", "rename", "cast"];

    private static readonly string[] NetworkKeys = ["type", "url", "format", "resume", "headers", "reconnect", "end_on_close", "poll_interval", "batch_size", "max_events_per_second"];

    /// <summary>The keys each kind of source takes; any other key is a mistake worth naming.</summary>
    private static readonly Dictionary<string, string[]> SourceKeys = new(StringComparer.Ordinal)
    {
        ["file"] = ["type", "path", "format", "follow", "poll_interval", "max_events_per_second", "batch_size", "partitions", "lease"],
        ["stdin"] = ["type", "format", "poll_interval", "batch_size", "max_events_per_second"],
        ["http"] = NetworkKeys,
        ["websocket"] = NetworkKeys,
        ["postgres_cdc"] = ["type", "connection", "slot", "publication", "bounded", "poll_interval", "batch_size", "max_events_per_second"],
        ["nats"] = ["type", "url", "stream", "subject", "consumer", "bounded", "max_ack_pending", "poll_interval", "batch_size", "max_events_per_second", "partitions", "lease"],
    };

    public StreamSpec Read(IReadOnlyDictionary<string, object?> p)
    {
        var sourceSpec = Source(Map(p.GetValueOrDefault("source"), "source"));
        var columns = Map(p.GetValueOrDefault("columns"), "columns")
            .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value as string ?? throw Error($"columns.{kv.Key}", ExprValues.ToText(kv.Value), "a type name: string, int, float, bool, timestamp, date")))
            .ToList();
        if (columns.Count == 0)
        {
            throw Error("columns", "{}", "at least one column: name: type");
        }

        var time = p.GetValueOrDefault("event_time") is { } t ? Map(t, "event_time") : new Dictionary<string, object?>();
        var timeSpec = new EventTimeSpec(
            Text(time, "column", "event_time"),
            Duration(time, "max_out_of_orderness", "event_time") ?? 0,
            Duration(time, "idle_timeout", "event_time") ?? 0);
        if (timeSpec.Column is { } tc && !columns.Any(c => c.Key == tc))
        {
            throw Error("event_time.column", tc, $"one of the declared columns ({string.Join(", ", columns.Select(c => c.Key))})");
        }

        var before = new List<KeyValuePair<string, object?>>();
        var after = new List<KeyValuePair<string, object?>>();
        WindowSpec? window = null;
        JoinSpec? join = null;
        PatternSpec? pattern = null;
        var timed = false;
        var steps = p.GetValueOrDefault("steps") as IReadOnlyList<object?> ?? [];
        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"steps[{i}]";
            var step = Map(steps[i], path);
            if (step.Count != 1)
            {
                throw Error(path, string.Join(", ", step.Keys), $"exactly one of: {string.Join(", ", StatelessKinds.Concat(StatefulKinds))}, {string.Join(", ", TimedKinds)}");
            }

            var (kind, config) = step.First();
            if (TimedKinds.Contains(kind))
            {
                if (timed)
                {
                    throw Error(path, $"a second {kind}", "one window, join or pattern step per stream");
                }

                timed = true;
                var at = $"{path}.{kind}";
                if (kind == "window")
                {
                    window = Window(Map(config, at), at);
                }
                else if (kind == "join")
                {
                    join = Join(Map(config, at), at);
                }
                else
                {
                    pattern = Pattern(Map(config, at), at);
                }
            }
            else if (StatelessKinds.Contains(kind))
            {
                (timed ? after : before).Add(new(kind, config));
            }
            else if (StatefulStep(kind, config, $"{path}.{kind}") is { } stateful)
            {
                (timed ? after : before).Add(new(kind, stateful));
            }
            else
            {
                throw Error(path, kind, $"one of: {string.Join(", ", StatelessKinds.Concat(StatefulKinds))}, {string.Join(", ", TimedKinds)}");
            }
        }

        var sink = Sink(Map(p.GetValueOrDefault("sink"), "sink"), "sink");
        var late = p.GetValueOrDefault("late") is { } l ? Sink(Map(l, "late"), "late", fileOnly: true) : null;
        var checkpoint = p.GetValueOrDefault("checkpoint") is { } c ? Map(c, "checkpoint") : new Dictionary<string, object?>();
        var interval = Duration(checkpoint, "interval", "checkpoint") ?? 1000;
        if (interval < 1)
        {
            throw Error("checkpoint.interval", interval + "ms", "a positive duration such as 1s");
        }

        var keep = Long(checkpoint, "keep", "checkpoint") ?? 3;
        if (keep is < 1 or > 1000)
        {
            throw Error("checkpoint.keep", keep.ToString(System.Globalization.CultureInfo.InvariantCulture), "how many checkpoints to keep, between 1 and 1000");
        }

        var parallelism = p.GetValueOrDefault("parallelism") switch
        {
            null => 1L,
            long n when n is >= 1 and <= 64 => n,
            var v => throw Error("parallelism", ExprValues.ToText(v), "a number of partitions between 1 and 64"),
        };
        if (parallelism > 1)
        {
            if (window is null || (window.Keys.Count == 0 && (window.Top is null || window.Kind == WindowKind.Session)))
            {
                throw Error("parallelism", parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "1 here, or a window with a key (its state is split by key) or with top rows (each partition keeps its own top)");
            }

            if (window.Top is not null && window.AllowedLateness > 0)
            {
                throw Error("parallelism", parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "1 for a window with top rows and allowed_lateness (a late update re-emits one partition's top, not the window's)");
            }
        }

        if (sourceSpec.Partitions is not null)
        {
            // Each partition stages and publishes its own file; a table or subject takes every partition's rows.
            foreach (var (file, key) in new[] { (sink.Table is null && sink.JetStream is null ? sink.Path : null, "sink"), (late?.Path, "late") })
            {
                if (file is not null && !file.Contains(SourceSpec.PartitionPlaceholder, StringComparison.Ordinal))
                {
                    throw Error($"{key}.path", file, $"a file per partition of the partitioned source, named with {SourceSpec.PartitionPlaceholder} such as out/part-{{partition}}.csv (or a table sink)");
                }
            }
        }

        return new StreamSpec(sourceSpec, columns, timeSpec, before, window, after, sink, late, interval, (int)keep, (int)parallelism) { Join = join, Pattern = pattern };
    }

    private SourceSpec Source(IReadOnlyDictionary<string, object?> source)
    {
        var type = OneOf(Text(source, "type", "source") ?? "file", "source.type", SourceKeys.Keys.ToArray());
        foreach (var key in source.Keys)
        {
            if (!SourceKeys[type].Contains(key))
            {
                throw Error($"source.{key}", key, $"one of the keys of a {type} source: {string.Join(", ", SourceKeys[type])}");
            }
        }

        var formats = type is "file" or "stdin" ? new[] { "ndjson", "csv" } : ["ndjson"];
        var spec = new SourceSpec(
            type == "file" ? Text(source, "path", "source", required: true)! : "",
            OneOf(Text(source, "format", "source") ?? "ndjson", "source.format", formats),
            Bool(source, "follow", "source") ?? false,
            Duration(source, "poll_interval", "source") ?? 100,
            Long(source, "max_events_per_second", "source") ?? 0,
            (int)(Long(source, "batch_size", "source") ?? 4096))
        {
            Type = type,
            Network = type is "http" or "websocket" ? Network(source, type) : null,
            JetStream = type == "nats" ? JetStream(source) : null,
            Cdc = type == "postgres_cdc" ? Cdc(source) : null,
        };
        spec = Partitioned(spec, source);
        if (spec.BatchSize is < 1 or > 1_000_000)
        {
            throw Error("source.batch_size", spec.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number of events between 1 and 1000000");
        }

        if (spec.PollInterval < 1)
        {
            throw Error("source.poll_interval", spec.PollInterval + "ms", "a positive duration such as 100ms");
        }

        return spec;
    }

    /// <summary>Reads <c>partitions</c> and <c>lease</c>: a source split into N partitions named by <c>{partition}</c>.</summary>
    private SourceSpec Partitioned(SourceSpec spec, IReadOnlyDictionary<string, object?> source)
    {
        var count = Long(source, "partitions", "source") ?? 1;
        var lease = Duration(source, "lease", "source") ?? 15_000;
        if (count is < 1 or > 1024)
        {
            throw Error("source.partitions", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number of partitions between 1 and 1024");
        }

        if (lease < 300)
        {
            throw Error("source.lease", lease + "ms", "a lease of at least 300ms, such as 15s");
        }

        if (count == 1)
        {
            return spec;
        }

        var (key, named) = spec.Type == "nats" ? ("subject", spec.JetStream!.Subject) : ("path", spec.Path);
        if (named is null || !named.Contains(SourceSpec.PartitionPlaceholder, StringComparison.Ordinal))
        {
            throw Error($"source.{key}", named ?? "", $"a {key} naming each partition with {SourceSpec.PartitionPlaceholder}, such as {(key == "path" ? "in/part-{partition}.ndjson" : "events.{partition}")}");
        }

        return spec with { Partitions = [.. Enumerable.Range(0, (int)count).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], LeaseMillis = lease };
    }

    private JetStreamSourceSpec JetStream(IReadOnlyDictionary<string, object?> source)
    {
        var url = NatsUrl(source, "source");
        var stream = Text(source, "stream", "source", required: true)!;
        var consumer = Text(source, "consumer", "source", required: true)!;
        foreach (var (key, name) in new[] { ("stream", stream), ("consumer", consumer) })
        {
            if (name.Length == 0 || name.Any(static c => c is '.' or '*' or '>' or '/' or '\\' || char.IsWhiteSpace(c)))
            {
                throw Error($"source.{key}", name, "a JetStream name: no spaces, dots, '*', '>' or slashes");
            }
        }

        var maxAckPending = Long(source, "max_ack_pending", "source") ?? 65_536;
        if (maxAckPending < 1)
        {
            throw Error("source.max_ack_pending", "0", "a positive number of messages");
        }

        return new JetStreamSourceSpec(url, stream, Text(source, "subject", "source"), consumer, Bool(source, "bounded", "source") ?? false, maxAckPending);
    }

    private CdcSourceSpec Cdc(IReadOnlyDictionary<string, object?> source)
    {
        var connection = Text(source, "connection", "source", required: true)!;

        var names = new List<string>();
        foreach (var key in new[] { "slot", "publication" })
        {
            var name = Text(source, key, "source", required: true)!;
            if (name.Length is 0 or > 63 || !name.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw Error($"source.{key}", name, "a name of lower-case letters, digits and underscores (at most 63)");
            }

            names.Add(name);
        }

        return new CdcSourceSpec(connection, names[0], names[1], Bool(source, "bounded", "source") ?? false);
    }

    private string NatsUrl(IReadOnlyDictionary<string, object?> map, string path)
    {
        var url = Text(map, "url", path, required: true)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss"))
        {
            throw Error($"{path}.url", url, "a NATS server URL such as nats://127.0.0.1:4222");
        }

        return url;
    }

    private NetworkSourceSpec Network(IReadOnlyDictionary<string, object?> source, string type)
    {
        var url = Text(source, "url", "source", required: true)!;
        string[] schemes = type == "http" ? ["http", "https"] : ["ws", "wss"];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            throw Error("source.url", url, $"an absolute {string.Join(" or ", schemes.Select(static s => s + "://"))} URL");
        }

        var resume = Text(source, "resume", "source");
        if (resume is not null && (!resume.Contains("{offset}", StringComparison.Ordinal) || !resume.Contains('=', StringComparison.Ordinal)))
        {
            throw Error("source.resume", resume, "a query parameter carrying the offset, such as from={offset}");
        }

        var headers = source.GetValueOrDefault("headers") is { } h
            ? Map(h, "source.headers").ToDictionary(kv => kv.Key, kv => kv.Value as string ?? throw Error($"source.headers.{kv.Key}", ExprValues.ToText(kv.Value), "text"), StringComparer.Ordinal)
            : [];
        var reconnect = source.GetValueOrDefault("reconnect") is { } r ? Map(r, "source.reconnect") : new Dictionary<string, object?>();
        var min = Duration(reconnect, "min", "source.reconnect") ?? 100;
        var max = Duration(reconnect, "max", "source.reconnect") ?? 30_000;
        if (min < 1 || max < min)
        {
            throw Error("source.reconnect", $"min {min}ms, max {max}ms", "a positive min no larger than max, such as {min: 100ms, max: 30s}");
        }

        return new NetworkSourceSpec(url, resume, headers, min, max, Bool(source, "end_on_close", "source") ?? false);
    }

    private WindowSpec Window(IReadOnlyDictionary<string, object?> w, string path)
    {
        var type = OneOf(Text(w, "type", path) ?? "tumbling", $"{path}.type", "tumbling", "sliding", "session");
        var kind = type switch { "sliding" => WindowKind.Sliding, "session" => WindowKind.Session, _ => WindowKind.Tumbling };
        var size = Duration(w, kind == WindowKind.Session ? "gap" : "size", path) ?? throw Error($"{path}.{(kind == WindowKind.Session ? "gap" : "size")}", "nothing", "a duration such as 10s");
        if (size < 1)
        {
            throw Error($"{path}.size", size + "ms", "a positive duration");
        }

        var slide = kind == WindowKind.Sliding ? Duration(w, "slide", path) ?? throw Error($"{path}.slide", "nothing", "a duration such as 2s (how often a sliding window starts)") : size;
        if (slide < 1 || size % slide != 0)
        {
            throw Error($"{path}.slide", slide + "ms", $"a positive duration that divides the size ({size}ms)");
        }

        var keys = Names(w.GetValueOrDefault("key"), $"{path}.key");
        var aggregates = new List<AggregateSpec>();
        if (w.GetValueOrDefault("aggregates") is { } a)
        {
            foreach (var (name, value) in Map(a, $"{path}.aggregates"))
            {
                aggregates.Add(Aggregate(name, value as string ?? "", $"{path}.aggregates.{name}"));
            }
        }

        TopSpec? top = null;
        if (w.GetValueOrDefault("top") is { } tv)
        {
            var t = Map(tv, $"{path}.top");
            var n = Long(t, "n", $"{path}.top") ?? 1;
            if (n < 1)
            {
                throw Error($"{path}.top.n", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive integer");
            }

            top = new TopSpec(Text(t, "by", $"{path}.top", required: true)!, (int)n, Names(t.GetValueOrDefault("columns"), $"{path}.top.columns"));
            if (kind == WindowKind.Session)
            {
                throw Error($"{path}.top", "top", "top applies to tumbling and sliding windows");
            }

            if (aggregates.Count == 0 && keys.Count > 0)
            {
                throw Error($"{path}.top", "top over events with a key", "either aggregates (rank the keys' results) or no key (rank the events)");
            }

            if (aggregates.Count > 0 && !aggregates.Any(x => x.Name == top.By) && !keys.Contains(top.By))
            {
                throw Error($"{path}.top.by", top.By, $"one of the aggregates ({string.Join(", ", aggregates.Select(x => x.Name))})");
            }
        }
        else if (aggregates.Count == 0)
        {
            throw Error(path, "no aggregates", "aggregates (name: count(), sum(x), …) or top (arg-max rows)");
        }

        return new WindowSpec(kind, size, slide, keys, aggregates, top, Duration(w, "allowed_lateness", path) ?? 0);
    }

    private AggregateSpec Aggregate(string name, string text, string path)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open <= 0 || close != text.Length - 1)
        {
            throw Error(path, text, "a call such as count(), sum(price), mean(x), min(x), max(x), std(x), count_distinct(x), first(x)");
        }

        var fn = text[..open].Trim().ToLowerInvariant();
        var arg = text[(open + 1)..close].Trim();
        AggregateKind kind = fn switch
        {
            "count" => AggregateKind.Count,
            "sum" => AggregateKind.Sum,
            "mean" or "avg" => AggregateKind.Mean,
            "min" => AggregateKind.Min,
            "max" => AggregateKind.Max,
            "std" or "stddev" => AggregateKind.Std,
            "count_distinct" => AggregateKind.CountDistinct,
            "first" => AggregateKind.First,
            _ => throw Error(path, fn, "one of count, sum, mean, min, max, std, count_distinct, first"),
        };
        if (arg.Length == 0 && kind != AggregateKind.Count)
        {
            throw Error(path, text, $"a column: {fn}(column)");
        }

        return new AggregateSpec(name, kind, arg is "" or "*" ? null : arg);
    }

    private SinkSpec Sink(IReadOnlyDictionary<string, object?> s, string path, bool fileOnly = false)
    {
        var type = OneOf(Text(s, "type", path) ?? (s.ContainsKey("table") ? "table" : "file"), $"{path}.type", fileOnly ? ["file"] : ["file", "table", "postgres", "nats"]);
        string[] keys = type switch
        {
            "nats" => ["type", "url", "subject", "columns", "max_rows_per_second"],
            "table" => ["type", "database", "table", "key", "columns", "max_rows_per_second"],
            "postgres" => ["type", "connection", "table", "key", "columns", "max_rows_per_second"],
            _ => fileOnly ? ["type", "path", "columns", "sort"] : ["type", "path", "columns", "sort", "max_rows_per_second"],
        };
        foreach (var key in s.Keys.Where(k => !keys.Contains(k)))
        {
            throw Error($"{path}.{key}", key, $"one of the keys of a {type} sink: {string.Join(", ", keys)}");
        }

        var columns = s.ContainsKey("columns") ? Names(s["columns"], $"{path}.columns") : null;
        var rate = Long(s, "max_rows_per_second", path) ?? 0;
        return type switch
        {
            "nats" => new SinkSpec("", columns, false, MaxRowsPerSecond: rate) { JetStream = new JetStreamSinkSpec(NatsUrl(s, path), Text(s, "subject", path, required: true)!) },
            "table" => new SinkSpec(Text(s, "database", path, required: true)!, columns, false,
                new TableSinkSpec(Text(s, "table", path, required: true)!, Names(s.GetValueOrDefault("key"), $"{path}.key")), rate),
            "postgres" => new SinkSpec("", columns, false,
                new TableSinkSpec(Text(s, "table", path, required: true)!, Names(s.GetValueOrDefault("key"), $"{path}.key")) { Connection = Text(s, "connection", path, required: true)! }, rate),
            _ => new SinkSpec(Text(s, "path", path, required: true)!, columns, Bool(s, "sort", path) ?? false, MaxRowsPerSecond: rate),
        };
    }

    private StreamParameterException Error(string path, string got, string expected) =>
        new(path, $"parameters.{path}: got '{got}'; expected {expected}", $"{taskId}.parameters.{path}: got '{got}'; expected {expected}");

    private IReadOnlyDictionary<string, object?> Map(object? value, string path) =>
        value as IReadOnlyDictionary<string, object?> ?? throw Error(path, value is null ? "nothing" : ExprValues.ToText(value), "a map");

    private string OneOf(string value, string path, params string[] allowed) =>
        allowed.Contains(value) ? value : throw Error(path, value, $"one of {string.Join(", ", allowed)}");

    private string? Text(IReadOnlyDictionary<string, object?> map, string name, string path, bool required = false) => map.GetValueOrDefault(name) switch
    {
        null when required => throw Error($"{path}.{name}", "nothing", "text"),
        null or AutoValue => null,
        string s => s,
        var v => throw Error($"{path}.{name}", ExprValues.ToText(v), "text"),
    };

    private bool? Bool(IReadOnlyDictionary<string, object?> map, string name, string path) => map.GetValueOrDefault(name) switch
    {
        null => null,
        bool b => b,
        var v => throw Error($"{path}.{name}", ExprValues.ToText(v), "true or false"),
    };

    private long? Long(IReadOnlyDictionary<string, object?> map, string name, string path) => map.GetValueOrDefault(name) switch
    {
        null => null,
        long l when l >= 0 => l,
        var v => throw Error($"{path}.{name}", ExprValues.ToText(v), "a non-negative integer"),
    };

    /// <summary>A duration in milliseconds: text such as <c>10s</c>, <c>500ms</c>, or a number of seconds.</summary>
    private long? Duration(IReadOnlyDictionary<string, object?> map, string name, string path)
    {
        switch (map.GetValueOrDefault(name))
        {
            case null:
                return null;
            case long l when l >= 0:
                return l * 1000;
            case string s when DurationParser.TryParse(s, out var span, out _) && span >= TimeSpan.Zero:
                return (long)span.TotalMilliseconds;
            case var v:
                throw Error($"{path}.{name}", ExprValues.ToText(v), "a duration such as 500ms, 10s or 5m");
        }
    }

    private IReadOnlyList<string> Names(object? value, string path) => value switch
    {
        null => [],
        string s => [s],
        IReadOnlyList<object?> list => [.. list.Select(i => i as string ?? throw Error(path, ExprValues.ToText(i), "column names"))],
        _ => throw Error(path, ExprValues.ToText(value), "a column name or a list of them"),
    };
}
