using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.Data.Features;

/// <summary>
/// Adds feature columns to a data set in two streaming passes: <see cref="FitAsync"/> reads the data once for the statistics
/// the specs need (means, ranges, value counts), then <see cref="FittedFeatures.Transform(IBatchSource)"/> appends the
/// features batch by batch. Memory is bounded by the batch size, one value count per distinct value of one-hot/frequency
/// columns, and the last rows of each key for lag/rolling.
/// </summary>
public sealed class FeatureEngineer
{
    private readonly IReadOnlyList<FeatureSpec> _specs;

    /// <summary>Creates an engineer for <paramref name="specs"/>.</summary>
    /// <exception cref="ArgumentException">A spec is invalid (see <see cref="Validate"/>).</exception>
    public FeatureEngineer(IReadOnlyList<FeatureSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var errors = Validate(specs, null);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(specs));
        }

        _specs = specs;
    }

    /// <summary>Every problem with <paramref name="specs"/>; with <paramref name="schema"/>, also unknown or unusable columns.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<FeatureSpec> specs, Schema? schema)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var errors = new List<string>();
        foreach (var s in specs)
        {
            var where = $"{s.Kind} of '{s.Column}'";
            if (schema is not null)
            {
                foreach (var c in new[] { s.Column, s.Key }.OfType<string>().Where(c => schema.IndexOf(c) < 0))
                {
                    errors.Add($"{where}: the column '{c}' is not in the data (columns: {string.Join(", ", schema.Fields.Select(f => f.Name))})");
                }

                if (s.Kind is FeatureKind.StandardScale or FeatureKind.MinMaxScale or FeatureKind.Bin or FeatureKind.Lag or FeatureKind.Rolling
                    && schema.IndexOf(s.Column) is >= 0 and var i && !schema[i].Type.IsNumeric && schema[i].Type.Kind != TypeKind.Bool)
                {
                    errors.Add($"{where}: needs a numeric column, but '{s.Column}' is {schema[i].Type}");
                }
            }

            if (s.TopK < 1 || s.Bins < 1 || s.Periods < 1 || s.Window < 1)
            {
                errors.Add($"{where}: top_k, bins, periods and window must be at least 1");
            }

            if (s.Edges is { } e && (e.Count < 2 || e.Zip(e.Skip(1)).Any(static p => !(p.First < p.Second))))
            {
                errors.Add($"{where}: edges must be at least two strictly increasing numbers");
            }

            foreach (var part in s.Kind == FeatureKind.DateParts ? s.Parts.Where(p => !FeatureSpec.KnownParts.Contains(p)) : [])
            {
                errors.Add($"{where}: unknown date part '{part}' (known: {string.Join(", ", FeatureSpec.KnownParts)})");
            }

            if (s.Kind == FeatureKind.Rolling && !FeatureSpec.KnownStats.Contains(s.Stat))
            {
                errors.Add($"{where}: unknown statistic '{s.Stat}' (known: {string.Join(", ", FeatureSpec.KnownStats)})");
            }
        }

        return errors;
    }

    /// <summary>Reads <paramref name="source"/> once (only when a spec needs statistics) and returns the fitted transformation.</summary>
    /// <exception cref="DataException">A spec names a column the data lacks or cannot use.</exception>
    public async Task<FittedFeatures> FitAsync(IBatchSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = Validate(_specs, source.Schema);
        if (errors.Count > 0)
        {
            throw new DataException(string.Join("; ", errors));
        }

        var steps = _specs.Select(Create).ToArray();
        var fitting = steps.Where(static s => s.NeedsFit).ToArray();
        if (fitting.Length > 0)
        {
            await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    foreach (var step in fitting)
                    {
                        step.Fit(batch.Column(step.Spec.Column));
                    }
                }
            }
        }

        foreach (var step in steps.OfType<CountingStep>())
        {
            step.Complete();
        }

        return new FittedFeatures(source.Schema, steps);
    }

    /// <summary>
    /// The output schema before any row is read, or null when it depends on the values (one-hot columns are named
    /// after the most frequent values) or a spec is invalid for <paramref name="input"/>.
    /// </summary>
    public static Schema? PlannedSchema(IReadOnlyList<FeatureSpec> specs, Schema input)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(input);
        if (specs.Any(static s => s.Kind == FeatureKind.OneHot) || Validate(specs, input).Count > 0)
        {
            return null;
        }

        var steps = specs.Select(Create).ToArray();
        foreach (var step in steps.OfType<CountingStep>())
        {
            step.Complete();
        }

        return new FittedFeatures(input, steps).OutputSchema;
    }

    private static FeatureStep Create(FeatureSpec spec) => spec.Kind switch
    {
        FeatureKind.OneHot or FeatureKind.Frequency => new CountingStep(spec),
        FeatureKind.DateParts => new DatePartsStep(spec),
        FeatureKind.Lag or FeatureKind.Rolling => new SequenceStep(spec),
        _ => new ScalingStep(spec),
    };
}
