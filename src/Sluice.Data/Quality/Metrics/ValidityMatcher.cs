using System.Globalization;
using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// Applies <see cref="ValidityRules"/> to one non-null value without allocating. Regex, values and length see the
/// value as text: text as is, numbers in round-trip invariant form ("1.5"), timestamps in ISO 8601 ("O"),
/// booleans as "true"/"false". Min/max compare numbers; text must parse as an invariant number; other kinds are invalid.
/// On number columns, <c>valid values</c> compares numerically (1 matches '1.0').
/// </summary>
internal sealed class ValidityMatcher
{
    private readonly ValidityRules _rules;
    private readonly HashSet<string>? _texts;
    private readonly HashSet<double>? _numbers;

    public ValidityMatcher(ValidityRules rules)
    {
        _rules = rules;
        if (rules.Values is { } values)
        {
            _texts = new HashSet<string>(values, StringComparer.Ordinal);
            _numbers = [];
            foreach (var v in values)
            {
                if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    _numbers.Add(number == 0 ? 0.0 : number);
                }
            }
        }
    }

    public bool IsValid(IColumnView column, int row)
    {
        Span<char> scratch = stackalloc char[64];
        var text = column.Kind switch
        {
            ColumnKind.Text => column.GetChars(row),
            ColumnKind.Number => Format(column.GetDouble(row), scratch),
            ColumnKind.Timestamp => Format(column.GetTimestamp(row), scratch),
            _ => column.GetBoolean(row) ? "true" : "false",
        };

        if (_rules.MinLength is { } minLength && text.Length < minLength)
        {
            return false;
        }

        if (_rules.MaxLength is { } maxLength && text.Length > maxLength)
        {
            return false;
        }

        if (_rules.Min is not null || _rules.Max is not null)
        {
            double number;
            if (column.Kind == ColumnKind.Number)
            {
                number = column.GetDouble(row);
            }
            else if (column.Kind != ColumnKind.Text || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                return false;
            }

            if (number < _rules.Min || number > _rules.Max)
            {
                return false;
            }
        }

        if (_texts is not null)
        {
            var found = column.Kind == ColumnKind.Number
                ? _numbers!.Contains(column.GetDouble(row) == 0 ? 0.0 : column.GetDouble(row))
                : _texts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text);
            if (!found)
            {
                return false;
            }
        }

        return _rules.Regex is null || _rules.Regex.IsMatch(text);
    }

    private static ReadOnlySpan<char> Format(double value, Span<char> scratch) =>
        value.TryFormat(scratch, out var written, "R", CultureInfo.InvariantCulture) ? scratch[..written] : [];

    private static ReadOnlySpan<char> Format(DateTimeOffset value, Span<char> scratch) =>
        value.TryFormat(scratch, out var written, "O", CultureInfo.InvariantCulture) ? scratch[..written] : [];
}
