using System.Globalization;

namespace Sluice.Data.Anomalies;

/// <summary>
/// How many rows each isolation tree is trained on: <see cref="Auto"/> (min(256, n)), a count, or a fraction of n.
/// The default value is <see cref="Auto"/>.
/// </summary>
public readonly record struct MaxSamples
{
    private readonly int _count;
    private readonly double _fraction;

    private MaxSamples(int count, double fraction)
    {
        _count = count;
        _fraction = fraction;
    }

    /// <summary>min(256, n), scikit-learn's <c>"auto"</c>.</summary>
    public static MaxSamples Auto => default;

    /// <summary>True for <see cref="Auto"/>.</summary>
    public bool IsAuto => _count == 0 && _fraction == 0;

    /// <summary>The fixed count, or null.</summary>
    public int? Count => _count > 0 ? _count : null;

    /// <summary>The fraction of the training rows, or null.</summary>
    public double? Fraction => _fraction > 0 ? _fraction : null;

    /// <summary>A fixed number of rows per tree; capped at n when the training set is smaller (as scikit-learn does, which also warns).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static MaxSamples FromCount(int count) => count >= 1
        ? new MaxSamples(count, 0)
        : throw new ArgumentOutOfRangeException(nameof(count), count, "max_samples must be at least 1.");

    /// <summary>A fraction f of the n training rows: ⌊f·n⌋ rows per tree, at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in (0, 1].</exception>
    public static MaxSamples FromFraction(double fraction) => fraction > 0 && fraction <= 1
        ? new MaxSamples(0, fraction)
        : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A max_samples fraction must be in (0, 1].");

    /// <summary>The number of rows per tree for a training set of <paramref name="rows"/> rows (≥ 1).</summary>
    public int Resolve(int rows)
    {
        if (Count is { } count)
        {
            return Math.Min(count, rows);
        }

        if (Fraction is { } fraction)
        {
            return Math.Max(1, (int)(fraction * rows));
        }

        return Math.Min(256, rows);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Count?.ToString(CultureInfo.InvariantCulture) ?? Fraction?.ToString(CultureInfo.InvariantCulture) ?? "auto";
}
