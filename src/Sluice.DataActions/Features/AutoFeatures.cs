using Sluice.Data.Batches;
using Sluice.Data.Features;
using Sluice.Data.Profiling;

namespace Sluice.DataActions.Features;

/// <summary>
/// The <c>&lt;AUTO&gt;</c> feature list: standard scaling of each numeric column, one-hot (top 10 + other) of each text
/// column, date parts of each date (year, month, day, day_of_week; plus hour for timestamps). The target and
/// identifier-like columns (<see cref="IdColumns.LooksLikeIdName"/>: <c>id</c>, <c>*_id</c>, <c>*Id</c>, <c>uuid</c>, <c>*_key</c>) are left alone: an identifier carries no signal to learn from.
/// </summary>
internal static class AutoFeatures
{
    public static List<FeatureSpec> Choose(Schema schema, string? target)
    {
        var specs = new List<FeatureSpec>();
        foreach (var f in schema.Fields)
        {
            if (f.Name == target || IdColumns.LooksLikeIdName(f.Name))
            {
                continue;
            }

            FeatureSpec? spec = f.Type.Kind switch
            {
                TypeKind.Int64 or TypeKind.Float64 or TypeKind.Decimal => new FeatureSpec { Kind = FeatureKind.StandardScale, Column = f.Name },
                TypeKind.String => new FeatureSpec { Kind = FeatureKind.OneHot, Column = f.Name, TopK = 10 },
                TypeKind.Date => new FeatureSpec { Kind = FeatureKind.DateParts, Column = f.Name },
                TypeKind.Timestamp => new FeatureSpec { Kind = FeatureKind.DateParts, Column = f.Name, Parts = ["year", "month", "day", "day_of_week", "hour"] },
                _ => null,
            };
            if (spec is not null)
            {
                specs.Add(spec);
            }
        }

        return specs;
    }

    public static string Describe(IEnumerable<FeatureSpec> specs) =>
        string.Join(", ", specs.Select(static s => $"{s.Kind switch { FeatureKind.StandardScale => "scale", FeatureKind.OneHot => "one_hot", _ => "date_parts" }}({s.Column})"));
}
