using System.Net.Sockets;
using Npgsql;

namespace Sluice.Postgres.Connection;

/// <summary>Decides which failures are worth reconnecting for.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// True for failures that a new connection may cure: network errors, timeouts, and server states
    /// seen around a restart (admin or crash shutdown, "the database system is starting up").
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.IsTransient || IsConnectionState(pg.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    private static bool IsConnectionState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
