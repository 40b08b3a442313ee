namespace Sluice.Definition;

/// <summary>
/// A parameter written as <c>&lt;AUTO&gt;hint&lt;/AUTO&gt;</c>: the runtime chooses the value (the task's
/// model when configured, else the action's own heuristic) and logs the choice and its reason.
/// </summary>
/// <param name="Hint">The text between the tags.</param>
public sealed record AutoValue(string Hint)
{
    /// <summary>Parses <c>&lt;AUTO&gt;hint&lt;/AUTO&gt;</c>; returns null for any other text.</summary>
    public static AutoValue? TryParse(string text)
    {
        var t = text.Trim();
        const string open = "<AUTO>", close = "</AUTO>";
        if (t.StartsWith(open, StringComparison.Ordinal) && t.EndsWith(close, StringComparison.Ordinal) && t.Length >= open.Length + close.Length)
        {
            return new AutoValue(t[open.Length..^close.Length].Trim());
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"<AUTO>{Hint}</AUTO>";
}
