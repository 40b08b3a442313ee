using System.Globalization;
using Npgsql;
using Sluice.DataActions.Sql;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Postgres.Connection;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Actions;

/// <summary>
/// Runs <c>sql</c> tasks on PostgreSQL: the statements run in one transaction with <c>params</c> bound as named
/// parameters; a result is streamed into the <c>data</c> artifact. Transient failures (the connection, serialization
/// failures 40001, deadlocks 40P01) roll back and run the whole transaction again, up to 3 attempts, before failing
/// the task as transient (so its <c>retries</c> apply). Other errors carry PostgreSQL's message, SQLSTATE and the
/// task id. The password never appears in messages.
/// </summary>
public sealed class PostgresSqlDatabase : ISqlDatabase
{
    private const int Attempts = 3;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc />
    public bool Accepts(string connection) => PostgresConnectionString.Accepts(connection);

    /// <inheritdoc />
    public async Task<SqlOutcome> ExecuteAsync(SqlRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = PostgresConnectionString.Parse(request.Connection);
        var where = PostgresConnectionString.Describe(target);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (data, affected) = await RunAsync(request, target, cancellationToken).ConfigureAwait(false);
                return new SqlOutcome(data, affected, where);
            }
            catch (NpgsqlException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("cancelled", ex, cancellationToken);
            }
            catch (NpgsqlException ex) when (IsRetryable(ex) && attempt < Attempts)
            {
                var delay = FirstDelay * (1 << (attempt - 1));
                request.Context.Log.Write("warn", string.Create(CultureInfo.InvariantCulture,
                    $"{where}: {Describe(ex)}; the transaction was rolled back, running it again in {delay.TotalMilliseconds:0} ms (attempt {attempt + 1} of {Attempts})"));
                await Task.Delay(delay, request.Context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw new SluiceException($"{Describe(ex)} (task '{request.Context.TaskId}', {where})", IsRetryable(ex), ex);
            }
        }
    }

    private static async Task<(DatasetRef? Data, long Affected)> RunAsync(SqlRequest request, ConnectionTarget target, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(target.Builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                DatasetRef? data = null;
                long affected;
                var command = new NpgsqlCommand(request.Query, connection, transaction);
                await using (command.ConfigureAwait(false))
                {
                    PostgresSqlParameters.Bind(command, request.Parameters);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        do
                        {
                            if (reader.FieldCount == 0)
                            {
                                continue;
                            }
                            if (data is not null)
                            {
                                throw new SluiceException($"the query of task '{request.Context.TaskId}' returns more than one result set; keep one statement that returns rows per task");
                            }
                            data = await request.WriteResultAsync(new PostgresResultSource(reader, request.Schema), cancellationToken).ConfigureAwait(false);
                        }
                        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
                        await reader.CloseAsync().ConfigureAwait(false);
                        affected = Math.Max(0, reader.RecordsAffected);
                    }
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (data, affected);
            }
        }
    }

    /// <summary>Connection failures, serialization failures and deadlocks: running the transaction again may succeed.</summary>
    private static bool IsRetryable(NpgsqlException ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } || PostgresErrors.IsTransient(ex);

    private static string Describe(NpgsqlException ex) => ex is PostgresException pg
        ? pg.MessageText + (pg.Position > 0 ? string.Create(CultureInfo.InvariantCulture, $" at character {pg.Position}") : "") + $" (SQLSTATE {pg.SqlState})"
        : "cannot reach PostgreSQL: " + ex.Message;
}
