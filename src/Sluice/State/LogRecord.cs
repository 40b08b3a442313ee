namespace Sluice.State;

/// <summary>One line of a task's log.</summary>
/// <param name="Sequence">Store-assigned order (0 before storing).</param>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task, or empty for run-level messages.</param>
/// <param name="MapIndex">The item index or -1.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="At">When it was written.</param>
/// <param name="Stream"><c>stdout</c>, <c>stderr</c>, <c>info</c>, or one of <see cref="LogStreams"/>.</param>
/// <param name="Text">The line, secrets redacted.</param>
public sealed record LogRecord(long Sequence, string RunId, string TaskId, int MapIndex, int Attempt, DateTimeOffset At, string Stream, string Text);
