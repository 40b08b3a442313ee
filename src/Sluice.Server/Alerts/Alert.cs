namespace Sluice.Server.Alerts;

/// <summary>
/// One notification. Built only from ids, states and error messages the executor already redacted;
/// never from inputs, parameters or settings, so secrets do not leave through alerts.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task concerned, or null.</param>
/// <param name="Message">One line for humans (becomes the Slack <c>text</c> with a prefix).</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record Alert(AlertKind Kind, string PipelineId, string RunId, string? TaskId, string Message, DateTimeOffset OccurredAt)
{
    /// <summary>Extra structured fields (for example the quality check and its value). Empty by default.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
