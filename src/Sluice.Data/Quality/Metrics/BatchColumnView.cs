using System.Globalization;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Quality.Metrics;

/// <summary>An <see cref="IColumnView"/> over one engine <see cref="Column"/>; text is decoded into a reused buffer.</summary>
internal sealed class BatchColumnView : IColumnView
{
    private readonly Column _column;
    private readonly PrimitiveColumn<long>? _longs;
    private readonly PrimitiveColumn<double>? _doubles;
    private readonly PrimitiveColumn<int>? _days;
    private readonly PrimitiveColumn<bool>? _bools;
    private readonly Utf8Column? _text;
    private readonly double _decimalDivisor = 1;
    private char[] _chars = new char[64];

    public BatchColumnView(Column column)
    {
        _column = column;
        _longs = column as PrimitiveColumn<long>;
        _doubles = column as PrimitiveColumn<double>;
        _days = column as PrimitiveColumn<int>;
        _bools = column as PrimitiveColumn<bool>;
        _text = column as Utf8Column;
        Kind = column.Type.Kind switch
        {
            TypeKind.Int64 or TypeKind.Float64 or TypeKind.Decimal => ColumnKind.Number,
            TypeKind.String => ColumnKind.Text,
            TypeKind.Bool => ColumnKind.Boolean,
            _ => ColumnKind.Timestamp,
        };
        if (column.Type.Kind == TypeKind.Decimal)
        {
            _decimalDivisor = Math.Pow(10, column.Type.Scale);
        }
    }

    public int RowCount => _column.Length;

    public ColumnKind Kind { get; }

    public bool IsNull(int row) => _column.IsNull(row);

    public double GetDouble(int row) => _column.Type.Kind switch
    {
        TypeKind.Float64 => _doubles!.Values[row],
        TypeKind.Decimal => _longs!.Values[row] / _decimalDivisor,
        _ => _longs!.Values[row],
    };

    public ReadOnlySpan<char> GetChars(int row)
    {
        var bytes = _text!.GetBytes(row);
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var n = Encoding.UTF8.GetChars(bytes, _chars);
        return _chars.AsSpan(0, n);
    }

    public string GetString(int row) => _text is not null
        ? _text.GetString(row) ?? string.Empty
        : Convert.ToString(_column.GetValue(row), CultureInfo.InvariantCulture) ?? string.Empty;

    public DateTimeOffset GetTimestamp(int row)
    {
        var ticks = _column.Type.Kind == TypeKind.Date
            ? _days!.Values[row] * TimeSpan.TicksPerDay
            : _longs!.Values[row] * 10;
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero);
    }

    public bool GetBoolean(int row) => _bools!.Values[row];
}
