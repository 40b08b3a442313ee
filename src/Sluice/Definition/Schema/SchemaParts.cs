using System.Collections;
using System.Text.Json.Nodes;
using Sluice.Actions;
using Sluice.Definition.Yaml;

namespace Sluice.Definition.Schema;

/// <summary>The fixed parts of the pipeline schema: root keys, inputs, models, triggers, policies and tasks.</summary>
internal static class SchemaParts
{
    public static JsonObject Ref(string name) => new() { ["$ref"] = "#/$defs/" + name };

    private static JsonObject Described(JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }

    private static JsonObject Text(string description) => Described(new JsonObject { ["type"] = "string" }, description);

    private static JsonObject Words(IEnumerable<string> words, string description) =>
        Described(new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. words.Select(static w => (JsonNode)w)]) }, description);

    private static JsonObject Integer(int minimum, string description) =>
        Described(new JsonObject { ["type"] = "integer", ["minimum"] = minimum }, description);

    private static JsonObject Object(JsonObject properties, bool additional, string description, params string[] required)
    {
        var o = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = additional };
        if (required.Length > 0)
        {
            o["required"] = new JsonArray([.. required.Select(static r => (JsonNode)r)]);
        }
        return Described(o, description);
    }

    private static JsonObject DurationRef(string description) => Described(Ref("duration"), description);

    public static JsonObject Definitions() => new()
    {
        ["duration"] = Described(new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*(\d+(\.\d+)?\s*(ms|s|sec|m|min|h|d)\s*)+$" },
                new JsonObject { ["type"] = "string", ["pattern"] = "^-?P(\\d+Y)?(\\d+M)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$" },
                new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
        }, "A duration: 500ms, 30s, 5m, 1h30m, 2d, ISO 8601 (PT5M) or whole seconds."),
        ["template"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = @"\{\{" }, "A template: text with {{ expression }} parts, rendered when the task starts."),
        ["auto"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*<AUTO>[\s\S]*</AUTO>\s*$" }, "<AUTO>hint</AUTO>: the runtime chooses the value and logs why."),
        ["input"] = Object(new JsonObject
        {
            ["type"] = Words(YamlKeys.InputTypes.Keys, "The input's type. The default is any."),
            ["default"] = new JsonObject { ["description"] = "The value when the run does not set one." },
            ["required"] = Described(new JsonObject { ["type"] = "boolean" }, "True when every run must set it."),
            ["enum"] = Described(new JsonObject { ["type"] = "array" }, "The only values allowed."),
            ["description"] = Text("Shown by the CLI and the UI."),
        }, false, "A typed run parameter, settable with --input name=value."),
        ["model"] = Object(new JsonObject
        {
            ["provider"] = Text("For example openai or local."),
            ["model"] = Text("The provider's model name."),
        }, true, "A model tasks may use to choose <AUTO> parameters; other keys are provider settings.", "provider", "model"),
        ["trigger"] = Trigger(),
    };

    private static JsonObject PolicyProperties() => new()
    {
        ["retries"] = Integer(0, "Retries after the first attempt. The default is 0."),
        ["retry_delay"] = DurationRef("The base delay between attempts. The default is 5s."),
        ["backoff"] = Words(YamlKeys.Backoffs.Keys, "How the delay grows. The default is exponential (with full jitter)."),
        ["max_retry_delay"] = DurationRef("The cap on one delay. The default is 5m."),
        ["timeout"] = DurationRef("The limit on one attempt; none when absent."),
        ["retry_on"] = RetryRule("When set, only failures it names are retried."),
        ["no_retry_on"] = RetryRule("Failures it names are never retried (wins over retry_on)."),
        ["rate_limit"] = Object(new JsonObject
        {
            ["requests"] = Integer(1, "Attempts allowed to start per interval."),
            ["per"] = DurationRef("The interval."),
            ["key"] = Text("host (of the first http(s) URL among the parameters; the default), action, or a name shared by tasks."),
        }, false, "At most 'requests' attempt starts in any interval 'per', across the process's runs, per key.", "requests", "per"),
        ["circuit_breaker"] = Object(new JsonObject
        {
            ["failures"] = Integer(1, "Failed attempts in a row that open the circuit."),
            ["reset_after"] = DurationRef("How long it stays open before one attempt is tried. The default is 30s."),
            ["key"] = Text("host (the default), action, or a name shared by tasks."),
        }, false, "After 'failures' failed attempts in a row, attempts fail at once until 'reset_after' has passed.", "failures"),
    };

    private static JsonObject RetryRule(string description) => Object(new JsonObject
    {
        ["exit_codes"] = Described(new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 255 } }, "Exit codes of a shell command."),
        ["http_statuses"] = Described(new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer", ["minimum"] = 100, ["maximum"] = 599 }, new JsonObject { ["type"] = "string", ["pattern"] = "^([1-5]xx|[1-5][0-9][0-9]-[1-5][0-9][0-9])$" }) },
        }, "HTTP statuses: 429, a class such as 5xx, or a range such as 500-504."),
        ["errors"] = Described(new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, "Error classes: an exception type name in the failure's chain (DataException, HttpRequestException, IOException ...) or timeout."),
    }, false, description);

    public static JsonObject RootProperties()
    {
        var defaults = PolicyProperties();
        defaults["max_active_tasks"] = Integer(1, "Task instances running at once in one run.");
        return new JsonObject
        {
            ["id"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9_-]+$" }, "The pipeline's identifier: lowercase letters, digits, '_' and '-'."),
            ["name"] = Text("Display name; defaults to the id."),
            ["version"] = Described(new JsonObject { ["type"] = new JsonArray("string", "number") }, "Your version label (free text)."),
            ["metadata"] = Object(new JsonObject
            {
                ["description"] = Text("Free text."),
                ["author"] = Text("Free text."),
                ["tags"] = Described(new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, "Labels for filtering."),
            }, true, "Descriptive metadata; other keys are kept as written."),
            ["inputs"] = Described(new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["anyOf"] = new JsonArray(Ref("input"), new JsonObject { ["not"] = new JsonObject { ["type"] = "object" } }) } },
                "Run parameters by name: a spec {type, default, ...} or just a default value."),
            ["models"] = Described(new JsonObject { ["type"] = "object", ["additionalProperties"] = Ref("model") }, "Models by name."),
            ["context"] = Described(new JsonObject { ["type"] = "object" }, "Values (or templates over inputs) available as context.*."),
            ["triggers"] = Described(new JsonObject { ["type"] = "array", ["items"] = Ref("trigger") }, "What starts runs: cron, interval, file, webhook, pipeline."),
            ["defaults"] = Object(defaults, false, "Retry and timeout defaults for every task."),
            ["max_active_runs"] = Described(new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    Integer(1, "Runs of this pipeline executing at once in a server; more stay queued."),
                    Object(new JsonObject
                    {
                        ["limit"] = Integer(1, "Runs of this pipeline executing at once in a server."),
                        ["on_limit"] = Words(["queue", "skip"], "What happens to a further run: it waits (queue, the default), or, when 'limit' runs are already queued or executing, it is recorded as skipped (skip)."),
                    }, false, "A limit and what happens to a run beyond it.", "limit")),
            }, "Runs of this pipeline executing at once in a server: a number (more stay queued) or {limit, on_limit: queue|skip}."),
            ["concurrency"] = Object(new JsonObject
            {
                ["key"] = Text("A template over inputs, such as {{ inputs.customer }}; runs whose keys render alike share the limit."),
                ["limit"] = Integer(1, "Runs per key executing at once in a server; more stay queued. The default is 1."),
            }, false, "At most 'limit' runs per rendered key execute at once.", "key"),
            ["sla"] = Object(new JsonObject
            {
                ["max_duration"] = DurationRef("Maximum wall time of a run before an SLA alert."),
                ["done_by"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = "^([01][0-9]|2[0-3]):[0-5][0-9]$" }, "HH:MM: a scheduled run must have ended by this time on the day after its schedule fired."),
                ["timezone"] = Text("The time zone of done_by (an IANA id such as Europe/Paris). The default is UTC."),
            }, false, "Service level."),
            ["tasks"] = Described(new JsonObject { ["type"] = "array", ["items"] = Ref("task") }, "The tasks, a DAG through dependencies."),
            ["result"] = Described(new JsonObject(), "The run's result, usually a template over task outputs; evaluated when the run succeeds and printed by 'sluice run' as one JSON line on stdout."),
        };
    }

    public static JsonObject Task(IReadOnlyList<ActionDescriptor> actions)
    {
        var properties = PolicyProperties();
        properties["id"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z_][A-Za-z0-9_]*$" }, "Unique task id, referenced in dependencies and templates.");
        properties["name"] = Text("Display name; defaults to the id.");
        var actionNames = new JsonArray([.. actions.Select(static a => (JsonNode)a.Name)]);
        properties["action"] = Described(new JsonObject { ["type"] = "string", ["examples"] = actionNames }, "The action to run: built-in or registered from C#.");
        properties["parameters"] = Described(new JsonObject { ["type"] = "object" }, "The action's parameters: literals, templates or <AUTO>hint</AUTO>.");
        properties["dependencies"] = Described(new JsonObject { ["type"] = new JsonArray("array", "string"), ["items"] = new JsonObject { ["type"] = "string" } }, "Tasks this one waits for.");
        properties["outputs"] = Described(new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, "Declared outputs, read downstream as {{ task.output }}.");
        properties["condition"] = Text("An expression; the task is skipped when it is false.");
        properties["for_each"] = Described(new JsonObject { ["anyOf"] = new JsonArray(Ref("template"), new JsonObject { ["type"] = "array" }) }, "A template giving a list, or a literal list; one instance runs per item ({{ item }}, {{ item_index }}).");
        properties["parallel"] = Described(new JsonObject { ["type"] = "boolean" }, "Whether mapped instances may run at once. The default is true.");
        properties["max_workers"] = Described(new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer", ["minimum"] = 1 }, Ref("template")) }, "Concurrency limit of mapped instances.");
        properties["model"] = Text("A key of the pipeline's models.");
        properties["pool"] = Text("A named concurrency pool.");
        properties["priority"] = Described(new JsonObject { ["type"] = "integer" }, "Higher runs first. The default is 0.");
        properties["sla"] = Object(new JsonObject { ["max_duration"] = DurationRef("Maximum wall time of the task, retries included, before an SLA miss is recorded and alerted.") }, false, "Service level of this task.");
        properties["trigger_rule"] = Words(YamlKeys.TriggerRules.Keys, "When the task may start given its dependencies. The default is all_success.");
        return Object(properties, false, "One task of the pipeline.", "id", "action");
    }

    private static JsonObject Trigger()
    {
        static JsonObject When(string type, JsonObject properties, params string[] required)
        {
            properties["type"] = new JsonObject { ["const"] = type };
            return new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = type } } },
                ["then"] = Object(properties, false, $"A {type} trigger.", ["type", .. required]),
            };
        }
        var onWords = new JsonObject { ["enum"] = new JsonArray("success", "failure") };
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("type"),
            ["properties"] = new JsonObject { ["type"] = Words(["cron", "interval", "file", "webhook", "pipeline", "dataset"], "What starts the run.") },
            ["allOf"] = new JsonArray(
                When("cron", new JsonObject
                {
                    ["cron"] = Text("5 fields (minute hour day month weekday) or 6 with seconds first."),
                    ["timezone"] = Text("An IANA time zone id. The default is UTC."),
                    ["catchup"] = Described(new JsonObject { ["type"] = "boolean" }, "Run missed schedules after downtime."),
                    ["max_catchup_runs"] = Integer(0, "The most missed runs to start."),
                }, "cron"),
                When("interval", new JsonObject { ["every"] = DurationRef("The interval."), ["start_at"] = Text("ISO 8601 timestamp of the first run.") }, "every"),
                When("file", new JsonObject { ["path"] = Text("A file to watch."), ["glob"] = Text("A glob of files to watch."), ["settle"] = DurationRef("Wait until the file stops changing.") }),
                When("webhook", new JsonObject { ["key"] = Text("The shared key; may be {{ secret('NAME') }}.") }),
                When("pipeline", new JsonObject
                {
                    ["pipeline"] = Text("The id of the upstream pipeline."),
                    ["on"] = new JsonObject { ["anyOf"] = new JsonArray(onWords, new JsonObject { ["type"] = "array", ["items"] = onWords.DeepClone() }) },
                }, "pipeline"),
                When("dataset", new JsonObject
                {
                    ["datasets"] = Described(new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "string" } },
                        "Paths (absolute or relative to the server's folder; * and ? match within a name), URLs or table handles: a run of another pipeline that writes one starts this one."),
                }, "datasets")),
        };
    }

    public static JsonObject TypeOf(ParameterType type) => type switch
    {
        ParameterType.String or ParameterType.Dataset => new JsonObject { ["type"] = "string" },
        ParameterType.Integer => new JsonObject { ["type"] = "integer" },
        ParameterType.Number => new JsonObject { ["type"] = "number" },
        ParameterType.Boolean => new JsonObject { ["type"] = "boolean" },
        ParameterType.List => new JsonObject { ["type"] = "array" },
        ParameterType.Map => new JsonObject { ["type"] = "object" },
        ParameterType.Duration => Ref("duration"),
        _ => [],
    };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        long l => l,
        int i => i,
        double d => d,
        TimeSpan ts => DurationParser.Format(ts),
        IEnumerable<KeyValuePair<string, object?>> map => new JsonObject([.. map.Select(static kv => new KeyValuePair<string, JsonNode?>(kv.Key, ToNode(kv.Value)))]),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(ToNode)]),
        _ => value.ToString(),
    };
}
