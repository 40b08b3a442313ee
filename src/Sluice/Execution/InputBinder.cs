using System.Globalization;
using System.Text.Json;
using Sluice.Definition;
using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>
/// Turns run inputs given as text (CLI <c>--input k=v</c>) or as values (API, inputs file) into typed
/// values, applies defaults, and checks required inputs and enums. Reports every problem at once.
/// </summary>
public static class InputBinder
{
    /// <summary>Binds <paramref name="given"/> (values may be text to convert) against the declared inputs.</summary>
    /// <returns>The bound inputs; <paramref name="errors"/> lists problems (empty on success).</returns>
    public static IReadOnlyDictionary<string, object?> Bind(PipelineDefinition definition, IReadOnlyDictionary<string, object?> given, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(given);
        var problems = new List<string>();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var declared = definition.Inputs.ToDictionary(static i => i.Name, StringComparer.Ordinal);
        foreach (var input in definition.Inputs)
        {
            if (given.TryGetValue(input.Name, out var raw))
            {
                if (TryConvert(input.Type, raw, out var value, out var why))
                {
                    if (input.Enum is { Count: > 0 } allowed && !allowed.Any(a => ExprValues.AreEqual(a, value)))
                    {
                        problems.Add($"input '{input.Name}' must be one of {string.Join(", ", allowed.Select(ExprValues.ToText))}, got '{ExprValues.ToText(value)}'");
                    }
                    result[input.Name] = value;
                }
                else
                {
                    problems.Add($"input '{input.Name}' ({input.Type.ToString().ToLowerInvariant()}): {why}");
                }
            }
            else if (input.HasDefault)
            {
                result[input.Name] = input.Default;
            }
            else if (input.Required)
            {
                problems.Add($"input '{input.Name}' is required: pass --input {input.Name}=VALUE");
            }
            else
            {
                result[input.Name] = null;
            }
        }
        foreach (var (name, raw) in given)
        {
            if (!declared.ContainsKey(name))
            {
                // Undeclared inputs are allowed (the seed's YAML uses them); they get a best-effort type.
                TryConvert(InputType.Any, raw, out var value, out _);
                result[name] = value;
            }
        }
        errors = problems;
        return result;
    }

    /// <summary>
    /// One message per name in <paramref name="names"/> that <paramref name="definition"/> does not declare, with a "did
    /// you mean" (or the declared names). <see cref="Bind"/> passes such inputs on as they are; the caller decides whether
    /// they are worth a warning or an error.
    /// </summary>
    public static IReadOnlyList<string> Undeclared(PipelineDefinition definition, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(names);
        var declared = definition.Inputs.Select(static i => i.Name).ToList();
        return [.. names.Where(n => !declared.Contains(n, StringComparer.Ordinal))
            .Select(n => $"input '{n}' is not declared by pipeline '{definition.Id}' ({Definition.Validation.NameSuggester.Hint(n, declared, "inputs")})")];
    }

    /// <summary>Converts one value to <paramref name="type"/>. Text is parsed; typed values are checked.</summary>
    public static bool TryConvert(InputType type, object? raw, out object? value, out string? error)
    {
        error = null;
        value = ExprValues.Normalize(raw);
        if (value is null)
        {
            return true;
        }
        if (value is string s)
        {
            return ParseText(type, s, out value, out error);
        }
        var ok = type switch
        {
            InputType.Any => true,
            InputType.String or InputType.Path => false,
            InputType.Integer => value is long,
            InputType.Number => value is long or double,
            InputType.Bool => value is bool,
            InputType.List => value is IReadOnlyList<object?>,
            InputType.Map => value is IReadOnlyDictionary<string, object?>,
            _ => false,
        };
        if (!ok)
        {
            error = $"expected {type.ToString().ToLowerInvariant()}, got {ExprValues.TypeName(value)}";
        }
        return ok;
    }

    private static bool ParseText(InputType type, string s, out object? value, out string? error)
    {
        error = null;
        value = s;
        switch (type)
        {
            case InputType.String or InputType.Path:
                return true;
            case InputType.Integer when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                value = l;
                return true;
            case InputType.Number when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l2):
                value = l2;
                return true;
            case InputType.Number when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                value = d;
                return true;
            case InputType.Bool when TryBool(s, out var b):
                value = b;
                return true;
            case InputType.List when s.TrimStart().StartsWith('['):
                // Text that starts like a JSON array is one: splitting a broken array at its commas would hide the mistake.
                if (TryJson(s, out var list, out var jsonError) && list is IReadOnlyList<object?>)
                {
                    value = list;
                    return true;
                }
                error = $"'{s}' starts with '[' but is not a JSON array ({jsonError}); write a JSON array such as [\"a\", \"b\"] or a comma-separated list such as a,b";
                return false;
            case InputType.List:
                value = s.Length == 0 ? Array.Empty<object?>() : s.Split(',').Select(static x => (object?)x.Trim()).ToArray();
                return true;
            case InputType.Map when TryJson(s, out var map) && map is IReadOnlyDictionary<string, object?>:
                value = map;
                return true;
            case InputType.Duration when DurationParser.TryParse(s, out var span, out _):
                value = DurationParser.Format(span);
                return true;
            case InputType.Timestamp when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts):
                value = ts.ToString("O", CultureInfo.InvariantCulture);
                return true;
            case InputType.Any:
                value = TryJson(s, out var any) && any is not string ? any : s;
                return true;
        }
        error = type switch
        {
            InputType.Bool => $"'{s}' is not a boolean (use true or false)",
            InputType.Map => $"'{s}' is not a JSON object",
            InputType.Duration => $"'{s}' is not a duration (examples: 30s, 5m, 1h30m)",
            InputType.Timestamp => $"'{s}' is not an ISO 8601 date-time",
            _ => $"'{s}' is not a valid {type.ToString().ToLowerInvariant()}",
        };
        return false;
    }

    private static bool TryBool(string s, out bool b)
    {
        switch (s.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "1" or "on": b = true; return true;
            case "false" or "no" or "0" or "off": b = false; return true;
            default: b = false; return false;
        }
    }

    private static bool TryJson(string s, out object? value) => TryJson(s, out value, out _);

    private static bool TryJson(string s, out object? value, out string? error)
    {
        try
        {
            using var doc = JsonDocument.Parse(s);
            value = ExprValues.FromJson(doc.RootElement);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            value = null;
            error = ex.BytePositionInLine is { } at ? $"invalid JSON at position {at + 1}" : "invalid JSON";
            return false;
        }
    }
}
