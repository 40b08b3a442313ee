namespace Sluice.Data.Tests.Anomalies;

/// <summary>Seeded synthetic data sets for the anomaly tests.</summary>
internal static class TestData
{
    /// <summary>Standard normal points in 2-D (Box–Muller over a seeded <see cref="Random"/>).</summary>
    public static double[][] Gaussian2D(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        for (var i = 0; i < count; i++)
        {
            rows[i] = [Normal(random), Normal(random)];
        }

        return rows;
    }

    /// <summary>
    /// <paramref name="inliers"/> standard normal 2-D points followed by <paramref name="outliers"/> points uniform
    /// in the square [−12, 12]² with |x| ≥ 5 and |y| ≥ 5: beyond the inliers' range on both axes, so that every
    /// axis-parallel split can isolate them. (An outlier at, say, (8.7, −0.9) ranks close to the most extreme
    /// inliers, and even scikit-learn with different seeds disagrees on it.)
    /// </summary>
    public static double[][] WithPlantedOutliers(int inliers, int outliers, int seed)
    {
        var random = new Random(seed);
        var rows = new double[inliers + outliers][];
        for (var i = 0; i < inliers; i++)
        {
            rows[i] = [Normal(random), Normal(random)];
        }

        for (var i = inliers; i < rows.Length; i++)
        {
            double x, y;
            do
            {
                x = (random.NextDouble() * 24) - 12;
                y = (random.NextDouble() * 24) - 12;
            }
            while (Math.Abs(x) < 5 || Math.Abs(y) < 5);
            rows[i] = [x, y];
        }

        return rows;
    }

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
