using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Actions;
using Sluice.Actions.Auto;
using Sluice.AI.Chat;
using Sluice.DataActions.IO;
using Sluice.Expressions;

namespace Sluice.AI.Auto;

/// <summary>
/// Chooses <c>&lt;AUTO&gt;</c> values with a <c>provider: openai</c> model: it sends the parameter's schema (type,
/// allowed values, description, default), the hint and a compact profile of the task's data, constrains the answer
/// with a JSON schema (<c>{value, reason}</c>), validates it and asks once more if it is invalid. Parameters that are
/// not text, numbers or true/false (lists, maps) are left to the fallback.
/// </summary>
internal sealed class ModelAutoResolver(ChatGateways gateways, DatasetReader reader) : IAutoResolver
{
    public const string UsageStream = Sluice.State.LogStreams.Usage;

    private const string SystemPrompt =
        "You choose the value of one parameter of a data pipeline task. Use the parameter's description, the pipeline " +
        "author's hint and the data profile. Answer only with JSON matching the schema: the value, and the reason in one sentence.";

    public async ValueTask<AutoResolution?> ResolveAsync(AutoRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ChatModelSettings.IsChatProvider(request.Model))
        {
            return null;
        }
        var settings = ChatModelSettings.From(request.Model);
        var source = $"model {settings.Name} ({request.Model.Provider}/{settings.Model})";
        if (!settings.IsReachable)
        {
            return new AutoResolution(null, source, settings.UnreachableReason);
        }
        var p = request.Parameter;
        if (ValueSchema(p) is not { } valueSchema)
        {
            return new AutoResolution(null, source, $"a model chooses only text, numbers and true/false; '{p.Name}' is {p.Type.ToString().ToLowerInvariant()}");
        }
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["value"] = valueSchema, ["reason"] = new JsonObject { ["type"] = "string" } },
            ["required"] = new JsonArray("value", "reason"),
            ["additionalProperties"] = false,
        };
        var profile = await DataProfileText.DescribeAsync(request, reader, cancellationToken).ConfigureAwait(false);
        var call = new ChatCall(SystemPrompt, UserPrompt(request, profile), JsonSerializer.SerializeToElement(schema), "auto_value");
        var meter = new UsageMeter();
        var result = await gateways.For(settings).CompleteAsync(call, answer => Validate(p, answer), meter, cancellationToken).ConfigureAwait(false);
        request.Log.Write(UsageStream, meter.ToLogLine(settings));
        if (result.Answer is not { } a)
        {
            return new AutoResolution(null, source, result.Error ?? "no answer", result.InputTokens, result.OutputTokens);
        }
        var reason = a.GetProperty("reason").GetString() ?? "";
        var why = result.Cached ? reason + " (cached answer)" : reason;
        return new AutoResolution(ToValue(p, a.GetProperty("value")), source, why, result.InputTokens, result.OutputTokens);
    }

    private static JsonObject? ValueSchema(ParameterSpec p)
    {
        var type = p.Type switch
        {
            ParameterType.String => "string",
            ParameterType.Integer => "integer",
            ParameterType.Number => "number",
            ParameterType.Boolean => "boolean",
            _ => null,
        };
        if (type is null)
        {
            return null;
        }
        var schema = new JsonObject { ["type"] = type };
        if (p.AllowedValues is { Count: > 0 } allowed)
        {
            schema["enum"] = JsonSerializer.SerializeToNode(allowed);
        }
        return schema;
    }

    private static string UserPrompt(AutoRequest r, string profile)
    {
        var p = r.Parameter;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"Action: {r.Action.Name} — {r.Action.Description}\n");
        sb.Append(inv, $"Parameter: {p.Name} ({p.Type.ToString().ToLowerInvariant()}) — {p.Description}\n");
        if (p.AllowedValues is { Count: > 0 } allowed)
        {
            sb.Append("Allowed values: ").Append(string.Join(", ", allowed.Select(ExprValues.ToText))).Append('\n');
        }
        if (p.Default is { } d)
        {
            sb.Append("Default: ").Append(ExprValues.ToText(d)).Append('\n');
        }
        sb.Append(inv, $"Hint from the pipeline's author: {r.Hint}\n");
        var others = r.Parameters.Where(kv => kv.Key != p.Name && kv.Value is string or long or double or bool).ToList();
        if (others.Count > 0)
        {
            sb.Append("Other parameters: ").Append(string.Join(", ", others.Select(static kv => $"{kv.Key}={ExprValues.ToText(kv.Value)}"))).Append('\n');
        }
        sb.Append("Data profile:\n").Append(profile);
        return sb.ToString();
    }

    private static string? Validate(ParameterSpec p, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("value", out var value) || !answer.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String)
        {
            return "the answer lacks 'value' or 'reason'";
        }
        var ok = p.Type switch
        {
            ParameterType.String => value.ValueKind == JsonValueKind.String,
            ParameterType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            ParameterType.Number => value.ValueKind == JsonValueKind.Number,
            ParameterType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
        if (!ok)
        {
            return $"'value' is not {p.Type.ToString().ToLowerInvariant()}: {value.GetRawText()}";
        }
        if (p.AllowedValues is { Count: > 0 } allowed && !allowed.Any(a => ExprValues.AreEqual(a, ToValue(p, value))))
        {
            return $"'value' {value.GetRawText()} is not one of {string.Join(", ", allowed.Select(ExprValues.ToText))}";
        }
        return null;
    }

    private static object? ToValue(ParameterSpec p, JsonElement value) => p.Type switch
    {
        ParameterType.String => value.GetString(),
        ParameterType.Integer => value.GetInt64(),
        ParameterType.Number => value.GetDouble(),
        ParameterType.Boolean => value.GetBoolean(),
        _ => null,
    };
}
