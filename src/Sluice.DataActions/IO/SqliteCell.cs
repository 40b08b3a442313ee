using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Sluice.Data.Batches;
using Sluice.Data.Json;

namespace Sluice.DataActions.IO;

/// <summary>Moves one SQLite value into a <see cref="RowBatchBuilder"/> column, by the storage class SQLite reports for it.</summary>
internal static class SqliteCell
{
    /// <summary>Appends the value at <paramref name="ordinal"/> to column <paramref name="column"/>; false when it does not convert to <paramref name="type"/>.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <param name="ordinal">The value's position in the row.</param>
    /// <param name="column">The builder's column.</param>
    /// <param name="type">The column's type (an integer 0/1 becomes a bool when it is bool).</param>
    /// <param name="builder">Where the value goes.</param>
    /// <param name="scratch">A reusable buffer for text values; grown when needed.</param>
    public static bool Append(SqliteDataReader reader, int ordinal, int column, DataType type, RowBatchBuilder builder, ref byte[] scratch)
    {
        if (reader.IsDBNull(ordinal))
        {
            builder.AppendNull(column);
            return true;
        }

        Span<byte> number = stackalloc byte[40];
        var fieldType = reader.GetFieldType(ordinal);
        if (fieldType == typeof(long))
        {
            var l = reader.GetInt64(ordinal);
            if (type.Kind == TypeKind.Bool)
            {
                return builder.AppendText(column, l != 0 ? "true"u8 : "false"u8);
            }

            Utf8Formatter.TryFormat(l, number, out var ln);
            return builder.AppendText(column, number[..ln]);
        }

        if (fieldType == typeof(double))
        {
            reader.GetDouble(ordinal).TryFormat(number, out var dn, "R", CultureInfo.InvariantCulture);
            return builder.AppendText(column, number[..dn]);
        }

        var s = reader.GetString(ordinal);
        var max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (scratch.Length < max)
        {
            scratch = new byte[max];
        }

        var n = Encoding.UTF8.GetBytes(s, scratch);
        return builder.AppendText(column, scratch.AsSpan(0, n), quoted: true);
    }
}
