using Sluice.State;

namespace Sluice.Distributed;

/// <summary>The answer of <see cref="DistributedRuns.CancelAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Run">The run's row after the call, or null when it does not exist.</param>
/// <param name="Running">Attempts still stopping (for <see cref="CancelOutcome.Stopping"/>), else 0.</param>
public sealed record CancelResult(CancelOutcome Outcome, RunRecord? Run, int Running);
