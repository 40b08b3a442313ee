namespace Sluice.Definition.Yaml;

/// <summary>The keys the pipeline format allows at each level, and the words allowed for enumerated values.</summary>
internal static class YamlKeys
{
    public static readonly string[] Root = ["id", "name", "version", "metadata", "inputs", "models", "context", "triggers", "defaults", "max_active_runs", "concurrency", "sla", "tasks", "result"];

    public static readonly string[] Input = ["type", "default", "required", "enum", "description"];

    public static readonly string[] Defaults = ["retries", "retry_delay", "backoff", "max_retry_delay", "timeout", "retry_on", "no_retry_on", "rate_limit", "circuit_breaker", "max_active_tasks"];

    public static readonly string[] RetryRule = ["exit_codes", "http_statuses", "errors"];

    public static readonly string[] RateLimit = ["requests", "per", "key"];

    public static readonly string[] Breaker = ["failures", "reset_after", "key"];

    public static readonly string[] Sla = ["max_duration", "done_by", "timezone"];

    public static readonly string[] TaskSla = ["max_duration"];
    public static readonly string[] Concurrency = ["key", "limit"];

    public static readonly string[] MaxActiveRuns = ["limit", "on_limit"];

    public static readonly string[] Task =
    [
        "id", "name", "action", "parameters", "dependencies", "outputs", "condition", "for_each", "parallel", "max_workers",
        "retries", "retry_delay", "backoff", "max_retry_delay", "timeout", "retry_on", "no_retry_on", "rate_limit", "circuit_breaker", "model", "pool", "priority", "trigger_rule", "sla",
    ];

    public static readonly IReadOnlyDictionary<string, InputType> InputTypes = new Dictionary<string, InputType>(StringComparer.Ordinal)
    {
        ["string"] = InputType.String,
        ["integer"] = InputType.Integer,
        ["number"] = InputType.Number,
        ["bool"] = InputType.Bool,
        ["boolean"] = InputType.Bool,
        ["list"] = InputType.List,
        ["map"] = InputType.Map,
        ["duration"] = InputType.Duration,
        ["timestamp"] = InputType.Timestamp,
        ["path"] = InputType.Path,
        ["any"] = InputType.Any,
    };

    public static readonly IReadOnlyDictionary<string, BackoffKind> Backoffs = new Dictionary<string, BackoffKind>(StringComparer.Ordinal)
    {
        ["exponential"] = BackoffKind.Exponential,
        ["constant"] = BackoffKind.Constant,
        ["linear"] = BackoffKind.Linear,
    };

    public static readonly IReadOnlyDictionary<string, RunLimitAction> RunLimitActions = new Dictionary<string, RunLimitAction>(StringComparer.Ordinal)
    {
        ["queue"] = RunLimitAction.Queue,
        ["skip"] = RunLimitAction.Skip,
    };

    public static readonly IReadOnlyDictionary<string, TriggerRule> TriggerRules = new Dictionary<string, TriggerRule>(StringComparer.Ordinal)
    {
        ["all_success"] = TriggerRule.AllSuccess,
        ["all_done"] = TriggerRule.AllDone,
        ["one_failed"] = TriggerRule.OneFailed,
    };
}
