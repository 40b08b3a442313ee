using Sluice.Data.Quarantine;

namespace Sluice.DataActions.Anomalies;

/// <summary>A quarantine for a second read of the same input: its bad records were quarantined by the first read already.</summary>
internal sealed class DiscardQuarantine : IQuarantineSink
{
    public static DiscardQuarantine Instance { get; } = new();

    public void Add(QuarantineRecord record)
    {
    }
}
