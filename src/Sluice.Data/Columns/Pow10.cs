namespace Sluice.Data.Columns;

/// <summary>Powers of ten for decimal scales 0..18.</summary>
internal static class Pow10
{
    private static readonly long[] Table = BuildTable();

    public static long Int64(int exponent) => Table[exponent];

    public static decimal Decimal(int exponent) => Table[exponent];

    private static long[] BuildTable()
    {
        var t = new long[19];
        t[0] = 1;
        for (var i = 1; i < t.Length; i++)
        {
            t[i] = t[i - 1] * 10;
        }

        return t;
    }
}
