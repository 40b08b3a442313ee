using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Patterns;

/// <summary>An event waiting for the watermark before a pattern takes it: its key, time, the steps it matches (bit per step) and stored columns.</summary>
internal sealed record Pending(StreamKey Key, object?[] KeyValues, long Time, ulong Mask, object?[] Values);
