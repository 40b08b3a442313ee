using Sluice.Data.Batches;

namespace Sluice.Postgres.DataIO;

/// <summary>How one column is read: its name, its PostgreSQL type, the engine type produced and the SQL that selects it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="SourceType">The PostgreSQL type as shown to users, such as <c>numeric(10,2)</c>.</param>
/// <param name="Type">The engine type of the dataset column.</param>
/// <param name="Read">How values come off the wire.</param>
/// <param name="Expression">The select-list expression (the quoted name, maybe with a cast).</param>
internal sealed record PostgresColumn(string Name, string SourceType, DataType Type, PostgresReadKind Read, string Expression);
