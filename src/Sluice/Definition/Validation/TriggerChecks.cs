using System.Globalization;

namespace Sluice.Definition.Validation;

/// <summary>Per-type keys and values of triggers: cron syntax, IANA time zones, durations, pipeline ids, dataset lists.</summary>
internal static class TriggerChecks
{
    private static readonly Dictionary<string, string[]> KeysByType = new(StringComparer.Ordinal)
    {
        ["cron"] = ["cron", "timezone", "catchup", "max_catchup_runs"],
        ["interval"] = ["every", "start_at"],
        ["file"] = ["path", "glob", "settle"],
        ["webhook"] = ["key"],
        ["pipeline"] = ["pipeline", "on"],
        ["dataset"] = ["datasets"],
    };

    public static void Run(ValidationScope s)
    {
        var triggers = s.Definition.Triggers;
        for (var t = 0; t < triggers.Count; t++)
        {
            var trigger = triggers[t];
            var path = $"triggers[{t}]";
            if (trigger.Type.Length == 0 && s.FromFile)
            {
                continue;
            }
            if (!KeysByType.TryGetValue(trigger.Type, out var keys))
            {
                s.Bag.Error(DiagnosticCodes.InvalidValue, s.At(path + ".type"), $"trigger {t + 1} has the unknown type '{trigger.Type}'",
                    NameSuggester.Hint(trigger.Type, KeysByType.Keys, "trigger types"));
                continue;
            }
            foreach (var key in trigger.Settings.Keys)
            {
                if (!keys.Contains(key))
                {
                    s.Bag.Error(DiagnosticCodes.UnknownKey, s.KeyAt($"{path}.{key}"), $"unknown key '{key}' in {trigger.Type} trigger {t + 1}", NameSuggester.Hint(key, [.. keys, "type"], "keys"));
                }
            }
            new TriggerValues(s, trigger, path, t).Check();
        }
    }

    private readonly record struct TriggerValues(ValidationScope S, TriggerDefinition Trigger, string Path, int Index)
    {
        public void Check()
        {
            switch (Trigger.Type)
            {
                case "cron":
                    // The scheduler's own parser: what validates here is exactly what fires later.
                    if (Text("cron", required: true) is { } cron && !Scheduling.Cron.CronExpression.TryParse(cron, out _, out var cronError))
                    {
                        var where = S.TextAt($"{Path}.cron");
                        S.Bag.Error(DiagnosticCodes.BadCron, where.Offset(Math.Max(0, cronError.Column - 1)), $"the cron expression '{cron}' is invalid: {cronError.Message}", "for example '0 2 * * *' runs daily at 02:00");
                    }
                    if (Text("timezone", required: false) is { } zone && !IsTimeZone(zone))
                    {
                        S.Bag.Error(DiagnosticCodes.BadTimeZone, At("timezone"), $"'{zone}' is not a known time zone", "use an IANA id such as UTC, Europe/Paris or America/New_York");
                    }
                    Expect("catchup", static v => v is bool, "true or false");
                    Expect("max_catchup_runs", static v => v is long or int && Convert.ToInt64(v, CultureInfo.InvariantCulture) >= 0, "a whole number of 0 or more");
                    break;
                case "interval":
                    Duration("every", required: true);
                    Expect("start_at", static v => v is DateTimeOffset || (v is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)), "an ISO 8601 timestamp");
                    break;
                case "file":
                    if (!Trigger.Settings.ContainsKey("path") && !Trigger.Settings.ContainsKey("glob"))
                    {
                        S.Bag.Error(DiagnosticCodes.BadTrigger, S.At(Path), $"file trigger {Index + 1} needs 'path' or 'glob'", "for example 'glob: data/incoming/*.csv'");
                    }
                    Text("path", required: false);
                    Text("glob", required: false);
                    Duration("settle", required: false);
                    break;
                case "webhook":
                    Text("key", required: false);
                    break;
                case "pipeline":
                    Text("pipeline", required: true);
                    Expect("on", static v => v is string w ? w is "success" or "failure" : v is IEnumerable<object?> list && list.All(static x => x is "success" or "failure"),
                        "success, failure or a list of them");
                    break;
                case "dataset":
                    if (!Trigger.Settings.ContainsKey("datasets"))
                    {
                        S.Bag.Error(DiagnosticCodes.BadTrigger, S.At(Path), $"dataset trigger {Index + 1} has no 'datasets'", "add for example 'datasets: [data/orders.csv]'");
                    }
                    Expect("datasets", static v => v is IReadOnlyList<object?> { Count: > 0 } list && list.All(static d => d is string { Length: > 0 }),
                        "a list of dataset paths, URLs or table handles");
                    break;
            }
        }

        private Diagnostics.SourceLocation At(string key) => S.At($"{Path}.{key}");

        private string? Text(string key, bool required)
        {
            if (!Trigger.Settings.TryGetValue(key, out var v))
            {
                if (required)
                {
                    S.Bag.Error(DiagnosticCodes.BadTrigger, S.At(Path), $"{Trigger.Type} trigger {Index + 1} has no '{key}'", $"add '{key}:'");
                }
                return null;
            }
            if (v is string text)
            {
                return text;
            }
            S.Bag.Error(DiagnosticCodes.BadTrigger, At(key), $"'{key}' of {Trigger.Type} trigger {Index + 1} must be text, but is {ValueTypes.Show(v)}");
            return null;
        }

        private void Duration(string key, bool required)
        {
            if (!Trigger.Settings.TryGetValue(key, out var v))
            {
                if (required)
                {
                    S.Bag.Error(DiagnosticCodes.BadTrigger, S.At(Path), $"{Trigger.Type} trigger {Index + 1} has no '{key}'", $"add '{key}:' with a duration such as 15m");
                }
                return;
            }
            if (v is TimeSpan or long or int)
            {
                return;
            }
            if (!DurationParser.TryParse(v as string, out _, out var error))
            {
                S.Bag.Error(DiagnosticCodes.BadDuration, At(key), $"'{key}' of {Trigger.Type} trigger {Index + 1} is not a valid duration: {error}", "write for example 30s, 5m, 1h30m or PT5M");
            }
        }

        private void Expect(string key, Func<object?, bool> ok, string expected)
        {
            if (Trigger.Settings.TryGetValue(key, out var v) && !ok(v))
            {
                S.Bag.Error(DiagnosticCodes.BadTrigger, At(key), $"'{key}' of {Trigger.Type} trigger {Index + 1} must be {expected}, but is {ValueTypes.Show(v)}");
            }
        }

        private static bool IsTimeZone(string id)
        {
            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(id);
                return true;
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return false;
            }
        }
    }
}
