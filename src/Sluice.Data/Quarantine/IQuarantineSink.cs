namespace Sluice.Data.Quarantine;

/// <summary>Receives rejected records. Readers call it from one thread, in input order.</summary>
public interface IQuarantineSink
{
    /// <summary>Accepts one rejected record.</summary>
    void Add(QuarantineRecord record);
}
