using Sluice.Datasets;

namespace Sluice.DataActions.Sql;

/// <summary>What a <c>sql</c> task did.</summary>
/// <param name="Data">The rows returned, as an artifact, or null when no statement returned rows.</param>
/// <param name="RowsAffected">Rows inserted, updated or deleted by all statements.</param>
/// <param name="Target">Where it ran, without a password (for the task log).</param>
public sealed record SqlOutcome(DatasetRef? Data, long RowsAffected, string Target);
