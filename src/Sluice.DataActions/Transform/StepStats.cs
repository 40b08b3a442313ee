using Sluice.Data.Operators;

namespace Sluice.DataActions.Transform;

/// <summary>The counters of one transformation step, reported in <c>transformation_log.steps</c>.</summary>
internal sealed class StepStats(string name, string kind)
{
    public string Name { get; } = name;

    public string Kind { get; } = kind;

    public RowTally Out { get; } = new();

    public RejectOperator? Reject { get; set; }

    public TrueCounter? Flagged { get; set; }

    public FillMissingOperator? Fill { get; set; }

    public Dictionary<string, object?> ToMap()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal) { ["kind"] = Kind, ["rows_out"] = Out.Rows };
        if (Reject is not null)
        {
            map["rejected"] = Reject.Rejected;
        }

        if (Flagged is not null)
        {
            map["flagged"] = Flagged.Count;
        }

        if (Fill is not null)
        {
            map["fill_value"] = Fill.LastFillValue switch
            {
                null => null,
                decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
                long or double or bool or string => Fill.LastFillValue,
                var v => v.ToString(),
            };
        }

        return map;
    }
}
