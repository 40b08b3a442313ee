namespace Sluice.Sqlite.Connection;

/// <summary>Timestamps are stored as integer microseconds since the Unix epoch (UTC): compact and ordered.</summary>
internal static class SqliteTime
{
    public static long ToStored(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static object ToStored(DateTimeOffset? t) => t is { } v ? ToStored(v) : DBNull.Value;

    public static DateTimeOffset FromStored(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    public static DateTimeOffset? FromStoredOrNull(object value) => value is long l ? FromStored(l) : null;

    public static DateTimeOffset? ReadOrNull(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : FromStored(r.GetInt64(i));
}
