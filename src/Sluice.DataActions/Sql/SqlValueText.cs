using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Sluice.Data.Json;

namespace Sluice.DataActions.Sql;

/// <summary>
/// Appends typed values read from a database (PostgreSQL, DuckDB) to a <see cref="RowBatchBuilder"/> through their invariant text, so the
/// builder's strict parsers convert them to the column's type (an explicit schema may differ from the database type).
/// Numbers, dates and timestamps are formatted on the stack; text goes through a reused buffer.
/// </summary>
public sealed class SqlValueText
{
    private byte[] _scratch = new byte[256];

    /// <summary>Appends an integer.</summary>
    public static bool Append(RowBatchBuilder builder, int column, long value)
    {
        Span<byte> text = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, text, out var n);
        return builder.AppendText(column, text[..n]);
    }

    /// <summary>Appends a float in its shortest round-trip form.</summary>
    public static bool Append(RowBatchBuilder builder, int column, double value)
    {
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var n, "R", CultureInfo.InvariantCulture);
        return builder.AppendText(column, text[..n]);
    }

    /// <summary>Appends a decimal with the scale the database sent.</summary>
    public static bool Append(RowBatchBuilder builder, int column, decimal value)
    {
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
        return builder.AppendText(column, text[..n]);
    }

    /// <summary>Appends a boolean.</summary>
    public static bool Append(RowBatchBuilder builder, int column, bool value) =>
        builder.AppendText(column, value ? "true"u8 : "false"u8);

    /// <summary>Appends a date.</summary>
    public static bool Append(RowBatchBuilder builder, int column, DateOnly value)
    {
        Span<byte> text = stackalloc byte[16];
        value.TryFormat(text, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return builder.AppendText(column, text[..n]);
    }

    /// <summary>Appends a timestamp (its kind is ignored: a UTC value is written as UTC wall time).</summary>
    public static bool Append(RowBatchBuilder builder, int column, DateTime value)
    {
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var n, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        return builder.AppendText(column, text[..n]);
    }

    /// <summary>Appends text (an empty string stays an empty string, not null).</summary>
    public bool Append(RowBatchBuilder builder, int column, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_scratch.Length < max)
        {
            _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        }
        var n = Encoding.UTF8.GetBytes(value, _scratch);
        return builder.AppendText(column, _scratch.AsSpan(0, n), quoted: true);
    }
}
