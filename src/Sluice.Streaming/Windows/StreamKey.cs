namespace Sluice.Streaming.Windows;

/// <summary>
/// A grouping key without per-event allocation for the common case: a single integer (or timestamp) key column is
/// held in <see cref="Number"/>; other keys are joined into <see cref="Text"/>.
/// </summary>
internal readonly record struct StreamKey(long Number, string? Text)
{
    public static StreamKey None => default;
}
