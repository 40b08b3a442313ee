using Sluice.Actions;
using Sluice.DataActions.IO;

namespace Sluice.Streaming.Runtime;

/// <summary>What stateful steps need from the task besides their spec.</summary>
/// <param name="Context">The attempt (file policy, clock, log).</param>
/// <param name="Reader">Opens reference datasets for <c>enrich</c>; null when the host has none.</param>
/// <param name="TimeColumn">The event-time column, or null for processing time.</param>
internal sealed record StepServices(ActionContext Context, DatasetReader? Reader, string? TimeColumn);
