using System.Text.Json;

namespace Sluice.AI.Chat;

/// <summary>The outcome of a <see cref="ChatCall"/>: a valid answer, or why there is none.</summary>
/// <param name="Answer">The parsed, validated answer; null on failure.</param>
/// <param name="Error">Why there is no answer; null on success.</param>
/// <param name="Cached">True when the answer came from the response cache (no request was sent).</param>
/// <param name="InputTokens">Prompt tokens spent by this call (0 when cached).</param>
/// <param name="OutputTokens">Completion tokens spent by this call (0 when cached).</param>
internal sealed record ChatCallResult(JsonElement? Answer, string? Error, bool Cached, long InputTokens, long OutputTokens);
