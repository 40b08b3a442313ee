namespace Sluice.Streaming.Steps;

/// <summary>The times a step sees with a batch.</summary>
/// <param name="Watermark">The stream's watermark (epoch ms), <see cref="long.MinValue"/> before any event.</param>
/// <param name="Now">Processing time (epoch ms).</param>
internal readonly record struct StreamClock(long Watermark, long Now);
