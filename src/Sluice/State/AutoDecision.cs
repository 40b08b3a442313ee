using System.Globalization;

namespace Sluice.State;

/// <summary>
/// One <c>&lt;AUTO&gt;</c> decision of a task, as written on the <see cref="LogStreams.Auto"/> log stream: the line is
/// the record (one line to read or grep), and <see cref="Parse"/> reads it back for reports and the API. The two
/// line forms are written only by <see cref="FormatChosen"/> and <see cref="FormatFallback"/>.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The <c>for_each</c> item, or -1.</param>
/// <param name="At">When it was decided.</param>
/// <param name="Parameter">The parameter.</param>
/// <param name="Value">The chosen value as text, or null when the action's own heuristic chooses at run time.</param>
/// <param name="Source">Who chose: <c>model NAME (provider/model)</c>, <c>heuristic</c>, or <c>action</c> for a fallback.</param>
/// <param name="Reason">Why.</param>
/// <param name="InputTokens">Prompt tokens the decision spent.</param>
/// <param name="OutputTokens">Completion tokens the decision spent.</param>
/// <param name="Text">The log line as written.</param>
public sealed record AutoDecision(
    string TaskId, int MapIndex, DateTimeOffset At, string Parameter, string? Value, string Source, string Reason, long InputTokens, long OutputTokens, string Text)
{
    private const string Prefix = "AUTO ";
    private const string Separator = " — ";
    private const string FallbackMark = "): the action's heuristic chooses (";

    /// <summary>The line of a decision that chose <paramref name="valueText"/>.</summary>
    public static string FormatChosen(string parameter, string valueText, string source, string reason, long inputTokens, long outputTokens)
    {
        var tokens = inputTokens + outputTokens > 0
            ? string.Create(CultureInfo.InvariantCulture, $" [tokens {inputTokens} in, {outputTokens} out]")
            : "";
        return $"{Prefix}{parameter} = {valueText}{Separator}{source}: {reason}{tokens}";
    }

    /// <summary>The line of a parameter left to the action's heuristic, and why no value was chosen before it ran.</summary>
    public static string FormatFallback(string parameter, string hint, string why) => $"{Prefix}{parameter} (\"{hint}\"{FallbackMark}{why})";

    /// <summary>Reads a line of the <see cref="LogStreams.Auto"/> stream; null for a line in neither form.</summary>
    public static AutoDecision? Parse(LogRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Text;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var fallback = text.IndexOf(FallbackMark, StringComparison.Ordinal);
        var equals = text.IndexOf(" = ", Prefix.Length, StringComparison.Ordinal);
        if (fallback > 0 && (equals < 0 || fallback < equals))
        {
            var open = text.IndexOf(" (\"", Prefix.Length, StringComparison.Ordinal);
            var name = open > 0 ? text[Prefix.Length..open] : text[Prefix.Length..fallback];
            var why = text[(fallback + FallbackMark.Length)..].TrimEnd(')');
            return new(line.TaskId, line.MapIndex, line.At, name, null, "action", why, 0, 0, text);
        }
        if (equals < 0)
        {
            return null;
        }
        var separator = text.IndexOf(Separator, equals, StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }
        var parameter = text[Prefix.Length..equals];
        var value = text[(equals + 3)..separator];
        var rest = text[(separator + Separator.Length)..];
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        var source = colon < 0 ? rest : rest[..colon];
        var reason = colon < 0 ? "" : rest[(colon + 2)..];
        long input = 0, output = 0;
        var tokens = reason.LastIndexOf(" [tokens ", StringComparison.Ordinal);
        if (tokens >= 0 && reason.EndsWith(" out]", StringComparison.Ordinal))
        {
            var parts = reason[(tokens + 9)..^5].Split(" in, ", StringSplitOptions.None);
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out input)
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out output))
            {
                reason = reason[..tokens];
            }
        }
        return new(line.TaskId, line.MapIndex, line.At, parameter, value, source, reason, input, output, text);
    }

    /// <summary>Writes the decision as <c>{task, item?, parameter, value, source, reason, input_tokens, output_tokens, decision}</c>.</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("task", TaskId);
        if (MapIndex >= 0)
        {
            writer.WriteNumber("item", MapIndex);
        }
        writer.WriteString("parameter", Parameter);
        if (Value is null)
        {
            writer.WriteNull("value");
        }
        else
        {
            writer.WriteString("value", Value);
        }
        writer.WriteString("source", Source);
        writer.WriteString("reason", Reason);
        writer.WriteNumber("input_tokens", InputTokens);
        writer.WriteNumber("output_tokens", OutputTokens);
        writer.WriteString("at", At);
        writer.WriteString("decision", Text);
        writer.WriteEndObject();
    }
}
