using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.SchemaValidation;

/// <summary>
/// Checks the cells of one column against its <see cref="ColumnSchema"/>. One error per cell: the first broken rule in the
/// order nullable, type (or format), min, max, allowed_values, min_length, max_length, pattern, unique. Blank text in a
/// column declared other than string counts as null.
/// Keeps the distinct values seen for <c>unique</c>; not thread-safe.
/// </summary>
internal sealed partial class ColumnChecker
{
    private readonly HashSet<string>? _allowedTexts;
    private readonly HashSet<double>? _allowedNumbers;
    private readonly HashSet<double>? _seenNumbers;
    private readonly HashSet<string>? _seenTexts;
    private char[] _chars = new char[128];

    public ColumnChecker(ColumnSchema spec, int index, DataType physical)
    {
        Spec = spec;
        Index = index;
        Physical = physical;
        if (spec.AllowedValues is { } allowed)
        {
            if (IsNumeric)
            {
                _allowedNumbers = [.. allowed.Select(static a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Normalize(d) : double.NaN)];
            }
            else
            {
                _allowedTexts = new HashSet<string>(allowed, StringComparer.Ordinal);
            }
        }

        if (spec.Unique)
        {
            if (spec.Type == SchemaType.String)
            {
                _seenTexts = new HashSet<string>(StringComparer.Ordinal);
            }
            else
            {
                _seenNumbers = [];
            }
        }
    }

    public ColumnSchema Spec { get; }

    public int Index { get; }

    public DataType Physical { get; }

    private bool IsNumeric => Spec.Type is SchemaType.Integer or SchemaType.Numeric;

    /// <summary>True when the physical column type can hold values of the declared type at all.</summary>
    public static bool IsCompatible(SchemaType declared, TypeKind physical) => physical == TypeKind.String || declared switch
    {
        SchemaType.String => true,
        SchemaType.Integer or SchemaType.Numeric => physical is TypeKind.Int64 or TypeKind.Float64 or TypeKind.Decimal,
        SchemaType.Boolean => physical is TypeKind.Bool or TypeKind.Int64,
        _ => physical is TypeKind.Date or TypeKind.Timestamp,
    };

    public CellVerdict Check(Column column, int row)
    {
        // Blank text in a typed column is missing, as in pandas and SQL loaders; only string columns keep "" as a value.
        if (column.IsNull(row) || (Spec.Type != SchemaType.String && column is Utf8Column && Text(column, row).IsWhiteSpace()))
        {
            return Spec.Nullable ? CellVerdict.Ok : CellVerdict.Broken("nullable");
        }

        double number = 0;
        switch (Spec.Type)
        {
            case SchemaType.Integer when !TryInteger(column, row, out number):
            case SchemaType.Numeric when !TryNumber(column, row, out number):
            case SchemaType.Boolean when !TryBoolean(column, row, out number):
                return CellVerdict.TypeError;
            case SchemaType.Date or SchemaType.Timestamp:
                var temporal = ReadTemporal(column, row, out number);
                if (!temporal.IsOk)
                {
                    return temporal;
                }

                break;
        }

        if (Spec.Min is { } min && Spec.Type != SchemaType.String && number < min)
        {
            return CellVerdict.Broken("min");
        }

        if (Spec.Max is { } max && Spec.Type != SchemaType.String && number > max)
        {
            return CellVerdict.Broken("max");
        }

        var needText = _allowedTexts is not null || Spec.MinLength is not null || Spec.MaxLength is not null || Spec.Pattern is not null || _seenTexts is not null;
        var text = needText ? Text(column, row) : default;
        if (_allowedNumbers is not null && !_allowedNumbers.Contains(Normalize(number)))
        {
            return CellVerdict.Broken("allowed_values");
        }

        if (_allowedTexts is not null && !_allowedTexts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text))
        {
            return CellVerdict.Broken("allowed_values");
        }

        if (text.Length < Spec.MinLength)
        {
            return CellVerdict.Broken("min_length");
        }

        if (text.Length > Spec.MaxLength)
        {
            return CellVerdict.Broken("max_length");
        }

        if (Spec.Pattern is { } pattern && !Matches(pattern, text))
        {
            return CellVerdict.Broken("pattern");
        }

        if (_seenTexts is not null && !_seenTexts.GetAlternateLookup<ReadOnlySpan<char>>().Add(text))
        {
            return CellVerdict.Broken("unique");
        }

        if (_seenNumbers is not null && !_seenNumbers.Add(Normalize(number)))
        {
            return CellVerdict.Broken("unique");
        }

        return CellVerdict.Ok;
    }

    /// <summary>The invariant text form of a non-null cell (UTF-8 decoded into a reused buffer; valid until the next call).</summary>
    public ReadOnlySpan<char> Text(Column column, int row)
    {
        if (column is Utf8Column utf8)
        {
            var bytes = utf8.GetBytes(row);
            Ensure(Encoding.UTF8.GetMaxCharCount(bytes.Length));
            return _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
        }

        var ok = column switch
        {
            PrimitiveColumn<long> { Type.Kind: TypeKind.Int64 } l => l.Values[row].TryFormat(_chars, out var n, default, CultureInfo.InvariantCulture) ? n : -1,
            PrimitiveColumn<double> d => d.Values[row].TryFormat(_chars, out var n, "R", CultureInfo.InvariantCulture) ? n : -1,
            PrimitiveColumn<bool> b => (b.Values[row] ? "true" : "false").AsSpan().TryCopyTo(_chars) ? (b.Values[row] ? 4 : 5) : -1,
            _ => Boxed(column, row),
        };
        return ok < 0 ? [] : _chars.AsSpan(0, ok);
    }

    private int Boxed(Column column, int row)
    {
        var s = column.GetValue(row) switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
        };
        Ensure(s.Length);
        s.CopyTo(_chars);
        return s.Length;
    }

    private void Ensure(int length)
    {
        if (length > _chars.Length)
        {
            _chars = new char[Math.Max(length, _chars.Length * 2)];
        }
    }

    private static bool Matches(Regex pattern, ReadOnlySpan<char> text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static double Normalize(double d) => d == 0 ? 0.0 : d;
}
