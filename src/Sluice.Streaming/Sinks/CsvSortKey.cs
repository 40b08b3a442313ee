using System.Globalization;
using System.Text;
using Sluice.Streaming.Sources;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// The fields of one CSV line parsed once for sorting: each field's text and, when it reads as one, its integer and its
/// floating-point value. Two fields compare as integers when both are, else as numbers when both are, else ordinally
/// (empty, i.e. null, first) — field by field, left to right, then the shorter line first.
/// </summary>
internal sealed class CsvSortKey
{
    private readonly Field[] _fields;

    private CsvSortKey(Field[] fields) => _fields = fields;

    /// <summary>The key of <paramref name="line"/>.</summary>
    public static CsvSortKey Of(string line) => new([.. CsvLine.Fields(Encoding.UTF8.GetBytes(line)).Select(static f => new Field(
        f,
        long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
        double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null))]);

    public static int Compare(CsvSortKey a, CsvSortKey b)
    {
        var (x, y) = (a._fields, b._fields);
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var c = x[i].Long is { } la && y[i].Long is { } lb ? la.CompareTo(lb)
                : x[i].Double is { } da && y[i].Double is { } db ? da.CompareTo(db)
                : string.CompareOrdinal(x[i].Text, y[i].Text);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private readonly record struct Field(string Text, long? Long, double? Double);
}
