using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>Calendar parts of a date, timestamp or ISO text column.</summary>
internal sealed class DatePartsStep(FeatureSpec spec) : FeatureStep(spec)
{
    public override IReadOnlyList<Field> Fields => [.. Spec.Parts.Select(p => new Field($"{Spec.Column}_{p}", DataType.Int64))];

    public override void Transform(Column column, Column? key, List<Column> output)
    {
        var n = column.Length;
        var instants = new DateTime?[n];
        for (var r = 0; r < n; r++)
        {
            instants[r] = Cells.TryInstant(column, r, ref _buffer, out var t) ? t : null;
        }

        foreach (var part in Spec.Parts)
        {
            output.Add(Longs(n, r => instants[r] is { } t ? Part(t, part) : null));
        }
    }

    private static long Part(DateTime t, string part) => part switch
    {
        "year" => t.Year,
        "month" => t.Month,
        "day" => t.Day,
        "day_of_week" => ((int)t.DayOfWeek + 6) % 7,
        "day_of_year" => t.DayOfYear,
        "quarter" => ((t.Month - 1) / 3) + 1,
        "hour" => t.Hour,
        _ => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0,
    };
}
