using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>One fitted-then-applied transformation. Fit sees every batch once; then the output fields are fixed.</summary>
internal abstract class FeatureStep(FeatureSpec spec)
{
    protected char[] _buffer = new char[64];

    public FeatureSpec Spec { get; } = spec;

    /// <summary>Whether <see cref="Fit"/> must see the data before <see cref="Transform"/> (scaling, one-hot, frequency, auto bins).</summary>
    public virtual bool NeedsFit => false;

    public virtual void Fit(Column column)
    {
    }

    /// <summary>The output fields; valid after fitting.</summary>
    public abstract IReadOnlyList<Field> Fields { get; }

    /// <summary>Computes the output columns of one batch (stateful for lag and rolling).</summary>
    public abstract void Transform(Column column, Column? key, List<Column> output);

    protected static PrimitiveColumn<double> Doubles(int n, Func<int, double?> value)
    {
        var b = new PrimitiveBuilder<double>(n);
        for (var i = 0; i < n; i++)
        {
            if (value(i) is { } v)
            {
                b.Append(v);
            }
            else
            {
                b.AppendNull();
            }
        }

        return b.Build(DataType.Float64);
    }

    protected static PrimitiveColumn<long> Longs(int n, Func<int, long?> value)
    {
        var b = new PrimitiveBuilder<long>(n);
        for (var i = 0; i < n; i++)
        {
            if (value(i) is { } v)
            {
                b.Append(v);
            }
            else
            {
                b.AppendNull();
            }
        }

        return b.Build(DataType.Int64);
    }
}
