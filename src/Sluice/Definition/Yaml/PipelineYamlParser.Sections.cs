using Sluice.Definition.Validation;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

internal sealed partial class PipelineYamlParser
{
    private List<InputDefinition> Inputs(YamlNode node, string path)
    {
        var result = new List<InputDefinition>();
        if (_r.Mapping(node, path, "'inputs'") is not { } map)
        {
            return result;
        }
        foreach (var (name, value, inputPath) in _r.Entries(map, path, null, "'inputs'"))
        {
            if (value is not YamlMappingNode spec)
            {
                // Shorthand "name: value": the value is the default and gives the type.
                var shorthand = _r.Value(value, inputPath + ".default");
                result.Add(new InputDefinition(name, InferType(shorthand), shorthand, HasDefault: true));
                continue;
            }
            var input = new InputDefinition(name);
            foreach (var (key, v, p) in _r.Entries(spec, inputPath, YamlKeys.Input, $"input '{name}'"))
            {
                input = key switch
                {
                    "type" => input with { Type = _r.Word(v, $"the type of input '{name}'", YamlKeys.InputTypes) ?? InputType.Any },
                    "default" => input with { Default = _r.Value(v, p), HasDefault = true },
                    "required" => input with { Required = _r.Bool(v, $"'inputs.{name}.required'") ?? false },
                    "enum" => input with { Enum = _r.Sequence(v, p, $"'inputs.{name}.enum'") is { } seq ? (List<object?>)_r.Value(seq, p)! : null },
                    "description" => input with { Description = _r.Text(v, $"'inputs.{name}.description'") },
                    _ => input,
                };
            }
            result.Add(input);
        }
        return result;
    }

    private static InputType InferType(object? value) => value switch
    {
        bool => InputType.Bool,
        long => InputType.Integer,
        double => InputType.Number,
        string => InputType.String,
        List<object?> => InputType.List,
        Dictionary<string, object?> => InputType.Map,
        _ => InputType.Any,
    };

    private PipelineDefinition Defaults(PipelineDefinition def, YamlNode node, string path)
    {
        if (_r.Mapping(node, path, "'defaults'") is not { } map)
        {
            return def;
        }
        var policy = new TaskPolicy();
        foreach (var (key, value, p) in _r.Entries(map, path, YamlKeys.Defaults, "'defaults'"))
        {
            if (key == "max_active_tasks")
            {
                def = def with { MaxActiveTasks = _r.Int(value, "'defaults.max_active_tasks'", 1) };
                continue;
            }
            policy = Policy(policy, key, value, p, "'defaults." + key + "'");
        }
        return def with { Defaults = policy };
    }

    private TaskPolicy Policy(TaskPolicy policy, string key, YamlNode value, string path, string what) => key switch
    {
        "retries" => policy with { Retries = _r.Int(value, what, 0) },
        "retry_delay" => policy with { RetryDelay = _r.Duration(value, what) },
        "backoff" => policy with { Backoff = _r.Word(value, what, YamlKeys.Backoffs) },
        "max_retry_delay" => policy with { MaxRetryDelay = _r.Duration(value, what) },
        "timeout" => policy with { Timeout = _r.Duration(value, what) },
        "retry_on" => policy with { RetryOn = Rule(value, path, what) },
        "no_retry_on" => policy with { NoRetryOn = Rule(value, path, what) },
        "rate_limit" => policy with { RateLimit = RateLimit(value, path, what) },
        "circuit_breaker" => policy with { Breaker = Breaker(value, path, what) },
        _ => policy,
    };

    /// <summary><c>{requests: 10, per: 1s, key: host}</c>; <c>key</c> defaults to <c>host</c>.</summary>
    private RateLimitSettings? RateLimit(YamlNode node, string path, string what)
    {
        if (_r.Mapping(node, path, what) is not { } map)
        {
            return null;
        }
        int? requests = null;
        TimeSpan? per = null;
        var key = "host";
        foreach (var (k, v, _) in _r.Entries(map, path, YamlKeys.RateLimit, what))
        {
            switch (k)
            {
                case "requests":
                    requests = _r.Int(v, $"'requests' of {what}", 1);
                    break;
                case "per":
                    per = _r.Duration(v, $"'per' of {what}");
                    break;
                default:
                    key = _r.Text(v, $"'key' of {what}") ?? key;
                    break;
            }
        }
        if (requests is null || per is null)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(node), $"{what} needs 'requests' and 'per'", "write for example {requests: 10, per: 1s, key: host}");
            return null;
        }
        return new RateLimitSettings(requests.Value, per.Value, key);
    }

    /// <summary><c>{failures: 5, reset_after: 30s, key: host}</c>; <c>key</c> defaults to <c>host</c>, <c>reset_after</c> to 30 s.</summary>
    private BreakerSettings? Breaker(YamlNode node, string path, string what)
    {
        if (_r.Mapping(node, path, what) is not { } map)
        {
            return null;
        }
        int? failures = null;
        var reset = TimeSpan.FromSeconds(30);
        var key = "host";
        foreach (var (k, v, _) in _r.Entries(map, path, YamlKeys.Breaker, what))
        {
            switch (k)
            {
                case "failures":
                    failures = _r.Int(v, $"'failures' of {what}", 1);
                    break;
                case "reset_after":
                    reset = _r.Duration(v, $"'reset_after' of {what}") ?? reset;
                    break;
                default:
                    key = _r.Text(v, $"'key' of {what}") ?? key;
                    break;
            }
        }
        if (failures is null)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(node), $"{what} needs 'failures'", "write for example {failures: 5, reset_after: 30s, key: host}");
            return null;
        }
        return new BreakerSettings(failures.Value, reset, key);
    }

    /// <summary><c>{exit_codes: [..], http_statuses: [429, 5xx, 500-504], errors: [timeout, DataException]}</c>.</summary>
    private RetryRule? Rule(YamlNode node, string path, string what)
    {
        if (_r.Mapping(node, path, what) is not { } map)
        {
            return null;
        }
        var exitCodes = new List<int>();
        var statuses = new List<(int, int)>();
        var errors = new List<string>();
        foreach (var (key, value, p) in _r.Entries(map, path, YamlKeys.RetryRule, what))
        {
            var items = value is YamlSequenceNode seq ? seq.Children : (IList<YamlNode>)[value];
            _r.Record(p, value);
            foreach (var item in items)
            {
                var text = _r.Text(item, $"each entry of '{key}' in {what}");
                if (text is null)
                {
                    continue;
                }
                switch (key)
                {
                    case "exit_codes" when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 255:
                        exitCodes.Add(code);
                        break;
                    case "exit_codes":
                        _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(item), $"'{text}' in {what} is not an exit code", "write whole numbers from 0 to 255, such as [75, 111]");
                        break;
                    case "http_statuses" when RetryRule.ParseStatus(text) is { } range:
                        statuses.Add(range);
                        break;
                    case "http_statuses":
                        _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(item), $"'{text}' in {what} is not an HTTP status", "write a status (429), a class (5xx) or a range (500-504), each from 100 to 599");
                        break;
                    default:
                        errors.Add(text);
                        break;
                }
            }
        }
        // A rule whose keys were all wrong has been reported already; an empty one has not.
        if (exitCodes.Count + statuses.Count + errors.Count == 0 && map.Children.Count == 0)
        {
            _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(node), $"{what} names no failure", "list exit_codes, http_statuses or errors (an exception class such as DataException, or timeout)");
            return null;
        }
        return exitCodes.Count + statuses.Count + errors.Count == 0 ? null : new RetryRule(exitCodes, statuses, errors);
    }

    /// <summary>A task's <c>sla:</c> mapping.</summary>
    private TimeSpan? TaskSla(YamlNode node, string path, string label)
    {
        if (_r.Mapping(node, path, $"'sla' of {label}") is not { } map)
        {
            return null;
        }
        TimeSpan? max = null;
        foreach (var (_, value, _) in _r.Entries(map, path, YamlKeys.TaskSla, $"'sla' of {label}"))
        {
            max = _r.Duration(value, $"'sla.max_duration' of {label}");
        }
        return max;
    }

    /// <summary>The pipeline's <c>sla:</c> mapping: <c>max_duration</c>, and <c>done_by</c> with its <c>timezone</c>.</summary>
    private PipelineDefinition Sla(PipelineDefinition def, YamlNode node, string path)
    {
        if (_r.Mapping(node, path, "'sla'") is not { } map)
        {
            return def;
        }
        TimeOnly? doneBy = null;
        string? zone = null;
        YamlNode? zoneNode = null;
        foreach (var (key, value, _) in _r.Entries(map, path, YamlKeys.Sla, "'sla'"))
        {
            switch (key)
            {
                case "max_duration":
                    def = def with { SlaMaxDuration = _r.Duration(value, "'sla.max_duration'") };
                    break;
                case "done_by" when _r.Text(value, "'sla.done_by'") is { } text:
                    if (TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
                    {
                        doneBy = at;
                    }
                    else
                    {
                        _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(value), $"'sla.done_by' must be a time of day as HH:MM, was '{text}'", "write for example \"06:00\" (24-hour clock, quoted)");
                    }
                    break;
                case "timezone" when _r.Text(value, "'sla.timezone'") is { } id:
                    if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
                    {
                        zone = id;
                        zoneNode = value;
                    }
                    else
                    {
                        _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(value), $"'sla.timezone' is not a known time zone: '{id}'", "use an IANA time zone id such as Europe/Paris, America/New_York or UTC");
                    }
                    break;
            }
        }
        if (doneBy is { } time)
        {
            def = def with { SlaDoneBy = new SlaDoneBy(time, zone ?? "UTC") };
        }
        else if (zoneNode is not null)
        {
            _r.Bag.Error(DiagnosticCodes.InvalidValue, _r.Loc(zoneNode), "'sla.timezone' is given without 'sla.done_by'", "add done_by: \"06:00\" (the time runs must have ended by) or remove timezone");
        }
        return def;
    }

    /// <summary><c>max_active_runs: 2</c>, or <c>max_active_runs: {limit: 1, on_limit: skip}</c>.</summary>
    private PipelineDefinition MaxActiveRuns(PipelineDefinition def, YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            return def with { MaxActiveRuns = _r.Int(node, "'max_active_runs'", 1) };
        }
        int? limit = null;
        var hasLimit = false;
        foreach (var (name, value, _) in _r.Entries(map, path, YamlKeys.MaxActiveRuns, "'max_active_runs'"))
        {
            if (name == "limit")
            {
                hasLimit = true;
                limit = _r.Int(value, "'max_active_runs.limit'", 1);
            }
            else if (_r.Word(value, "'max_active_runs.on_limit'", YamlKeys.RunLimitActions) is { } action)
            {
                def = def with { MaxActiveRunsOnLimit = action };
            }
        }
        if (!hasLimit)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(map), "'max_active_runs' has no 'limit'",
                "write for example 'max_active_runs: {limit: 1, on_limit: skip}': at most 'limit' runs execute at once, and 'on_limit' says whether a further run waits (queue) or is recorded as skipped (skip)");
        }
        return def with { MaxActiveRuns = limit };
    }

    private ConcurrencySettings? Concurrency(YamlNode node, string path)
    {
        if (_r.Mapping(node, path, "'concurrency'") is not { } map)
        {
            return null;
        }
        string? key = null;
        int? limit = null;
        foreach (var (name, value, _) in _r.Entries(map, path, YamlKeys.Concurrency, "'concurrency'"))
        {
            if (name == "key")
            {
                key = _r.Text(value, "'concurrency.key'");
            }
            else
            {
                limit = _r.Int(value, "'concurrency.limit'", 1);
            }
        }
        if (key is null)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(map), "'concurrency' has no 'key'",
                "write for example 'concurrency: {key: \"{{ inputs.customer }}\", limit: 1}': at most 'limit' runs with the same key execute at once");
            return null;
        }
        return new ConcurrencySettings(key, limit ?? 1);
    }

    private List<TaskDefinition> Tasks(YamlNode node, string path)
    {
        var result = new List<TaskDefinition>();
        if (_r.Sequence(node, path, "'tasks'") is not { } seq)
        {
            return result;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            result.Add(Task(seq.Children[i], YamlReader.Item(path, i), i));
        }
        return result;
    }

    /// <summary>
    /// A literal list under <c>for_each</c> (<c>[a, b]</c>, or a block sequence) becomes the template that yields
    /// exactly those items; they are taken as written (a <c>{{ }}</c> inside an item is not rendered).
    /// </summary>
    private string LiteralItems(YamlSequenceNode items, string path)
    {
        var json = Expressions.ExprValues.ToJsonText(_r.Value(items, path));
        return "{{ from_json('" + json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "') }}";
    }

    private TaskDefinition Task(YamlNode node, string path, int index)
    {
        var task = new TaskDefinition { Id = string.Empty, Action = string.Empty };
        if (_r.Mapping(node, path, $"task {index + 1}") is not { } map)
        {
            return task;
        }
        var label = map.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) && idNode is YamlScalarNode { Value: { Length: > 0 } idText }
            ? $"task '{idText}'"
            : $"task {index + 1}";
        var entries = _r.Entries(map, path, YamlKeys.Task, label);
        var policy = new TaskPolicy();
        foreach (var (key, v, p) in entries)
        {
            var what = $"'{key}' of {label}";
            task = key switch
            {
                "id" => task with { Id = _r.Text(v, what) ?? string.Empty },
                "name" => task with { Name = _r.Text(v, what) },
                "action" => task with { Action = _r.Text(v, what) ?? string.Empty },
                "parameters" => task with { Parameters = _r.Mapping(v, p, what) is { } m ? _r.Map(m, p, what) : TaskDefinition.EmptyMap },
                "dependencies" => task with { Dependencies = _r.TextList(v, p, what) },
                "outputs" => task with { Outputs = _r.TextList(v, p, what) },
                "condition" => task with { Condition = _r.Text(v, what) },
                "for_each" => task with { ForEach = v is YamlSequenceNode items ? LiteralItems(items, p) : _r.Text(v, what) },
                "parallel" => task with { Parallel = _r.Bool(v, what) ?? true },
                "max_workers" => task with { MaxWorkers = MaxWorkers(v, what) },
                "model" => task with { Model = _r.Text(v, what) },
                "pool" => task with { Pool = _r.Text(v, what) },
                "priority" => task with { Priority = _r.Int(v, what, int.MinValue) ?? 0 },
                "trigger_rule" => task with { TriggerRule = _r.Word(v, what, YamlKeys.TriggerRules) ?? TriggerRule.AllSuccess },
                "sla" => task with { SlaMaxDuration = TaskSla(v, p, label) },
                _ => task,
            };
            policy = Policy(policy, key, v, p, what);
        }
        if (entries.TrueForAll(static e => e.Key != "id"))
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(map), $"{label} has no 'id'", "add 'id:' with a name such as load_orders; other tasks use it in dependencies and templates");
        }
        if (entries.TrueForAll(static e => e.Key != "action"))
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(map), $"{label} has no 'action'", "add 'action:' with a registered action name (see 'sluice actions')");
        }
        return task with { Policy = policy };
    }

    private object? MaxWorkers(YamlNode node, string what)
    {
        if (node is YamlScalarNode s && YamlScalars.ToValue(s) is string text && Expressions.Template.ContainsTemplate(text))
        {
            return text;
        }
        return _r.Int(node, what, 1) is { } n ? (long)n : null;
    }
}
