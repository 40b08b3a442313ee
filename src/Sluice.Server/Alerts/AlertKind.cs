namespace Sluice.Server.Alerts;

/// <summary>What an alert is about. Sent as <c>kind</c> in snake case (<c>run_failed</c>...).</summary>
public enum AlertKind
{
    /// <summary>A run ended failed.</summary>
    RunFailed,

    /// <summary>A task failed after using its retries.</summary>
    RetriesExhausted,

    /// <summary>A run was still going when the pipeline's <c>sla.max_duration</c> passed.</summary>
    SlaMissed,

    /// <summary>A data-quality gate warned (raised through <see cref="AlertNotifier.RaiseQualityGate"/>).</summary>
    QualityGate,

    /// <summary>A streaming task flagged its data (an anomalous window), through <see cref="Sluice.Actions.IStreamAlertObserver"/>.</summary>
    StreamAnomaly,
}
