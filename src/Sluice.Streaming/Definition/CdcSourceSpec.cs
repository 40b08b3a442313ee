namespace Sluice.Streaming.Definition;

/// <summary>A PostgreSQL change-data-capture source: logical replication with <c>pgoutput</c> from a slot.</summary>
/// <param name="Connection">The database's connection string (the user needs the REPLICATION attribute).</param>
/// <param name="Slot">The logical replication slot (pgoutput); created when missing.</param>
/// <param name="Publication">The publication naming the tables whose changes are read; it must exist.</param>
/// <param name="Bounded">End once every change committed before the task started is read, instead of waiting for more.</param>
public sealed record CdcSourceSpec(string Connection, string Slot, string Publication, bool Bounded);
