namespace Sluice.Actions.Auto;

/// <summary>What a resolver decided for one <c>&lt;AUTO&gt;</c> parameter.</summary>
/// <param name="Value">The chosen value, or null when none was chosen (the fallback decides).</param>
/// <param name="Source">Who chose: for example <c>model data_analyzer (openai/gpt-4)</c>.</param>
/// <param name="Reason">Why (the model's own reason, or why it gave no value).</param>
/// <param name="InputTokens">Prompt tokens spent.</param>
/// <param name="OutputTokens">Completion tokens spent.</param>
public sealed record AutoResolution(object? Value, string Source, string Reason, long InputTokens = 0, long OutputTokens = 0);
