using Sluice.DataActions.Reporting;
using Sluice.Diagnostics;
using Sluice.Execution;

namespace Sluice.Hosting.Library;

/// <summary>The end of <see cref="SluicePipelines.ExecuteAsync"/>.</summary>
/// <param name="Outcome">The run's final state, task states and outputs (<c>Outcome.State == RunState.Succeeded</c> when it worked).</param>
/// <param name="Report">The processing report of a data pipeline (records, quality score, anomalies, output locations); null for a pipeline that produced no dataset.</param>
/// <param name="Warnings">Load-time warnings of the pipeline file.</param>
public sealed record PipelineExecutionResult(RunOutcome Outcome, ProcessingReport? Report, IReadOnlyList<Diagnostic> Warnings);
