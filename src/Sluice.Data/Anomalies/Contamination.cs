using System.Globalization;

namespace Sluice.Data.Anomalies;

/// <summary>
/// The expected share of anomalies, which sets an isolation forest's decision offset:
/// <see cref="Auto"/> (offset −0.5, as in the original paper) or a fraction in (0, 0.5].
/// The default value is <see cref="Auto"/>.
/// </summary>
public readonly record struct Contamination
{
    private readonly double _fraction;

    private Contamination(double fraction) => _fraction = fraction;

    /// <summary>scikit-learn's <c>"auto"</c>: the offset is −0.5.</summary>
    public static Contamination Auto => default;

    /// <summary>True for <see cref="Auto"/>.</summary>
    public bool IsAuto => _fraction == 0;

    /// <summary>The fraction, or null for <see cref="Auto"/>.</summary>
    public double? Fraction => IsAuto ? null : _fraction;

    /// <summary>A fixed fraction: the offset becomes that quantile of the training scores.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in (0, 0.5].</exception>
    public static Contamination FromFraction(double fraction) => fraction > 0 && fraction <= 0.5
        ? new Contamination(fraction)
        : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "contamination must be in (0, 0.5].");

    /// <inheritdoc />
    public override string ToString() => Fraction?.ToString(CultureInfo.InvariantCulture) ?? "auto";
}
